"""URLs of the ideas app: catalogue exports, the staff follow-up area, published catalogues."""

from django.urls import path

from ideas import pages, views

app_name = "ideas"

urlpatterns = [
    # The next page of a long list on a screen (the same checks as that screen).
    path(
        "w/<str:code>/more/<str:what>/",
        pages.more,
        {"audience": "participant"},
        name="more_participant",
    ),
    path(
        "w/<str:code>/console/more/<str:what>/",
        pages.more,
        {"audience": "facilitator"},
        name="more_facilitator",
    ),
    path(
        "w/<str:code>/projector/more/<str:what>/",
        pages.more,
        {"audience": "projector"},
        name="more_projector",
    ),
    path("w/<str:code>/catalogue/", views.workshop_catalogue, name="workshop_catalogue"),
    path(
        "w/<str:code>/catalogue/<str:fmt>/",
        views.workshop_catalogue_download,
        name="workshop_catalogue_download",
    ),
    path("c/<str:token>/", views.public_catalogue, name="public_catalogue"),
    path(
        "c/<str:token>/pdf/",
        views.public_catalogue,
        {"fmt": "pdf"},
        name="public_catalogue_pdf",
    ),
    path("staff/", views.staff_initiatives, name="staff_initiatives"),
    path("staff/initiatives/<int:initiative_id>/", views.staff_initiative, name="staff_initiative"),
    path(
        "staff/initiatives/<int:initiative_id>/follow-up/",
        views.staff_followup,
        name="staff_followup",
    ),
    path(
        "staff/initiatives/<int:initiative_id>/milestones/",
        views.staff_add_milestone,
        name="staff_add_milestone",
    ),
    path("staff/action-plan/", views.staff_action_plan, name="staff_action_plan"),
    path("staff/catalogues/", views.staff_catalogues, name="staff_catalogues"),
    path(
        "staff/catalogues/download/",
        views.staff_catalogue_download,
        name="staff_catalogue_download",
    ),
    path("staff/catalogues/publish/", views.staff_publish, name="staff_publish"),
    path(
        "staff/catalogues/<int:publication_id>/unpublish/",
        views.staff_unpublish,
        name="staff_unpublish",
    ),
]
