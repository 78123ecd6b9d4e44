"""URLs of the staff's process area: processes, their meetings, templates."""

from django.urls import path

from processes import views

app_name = "processes"

urlpatterns = [
    path("staff/processes/", views.process_list, name="list"),
    path("staff/processes/new/", views.process_new, name="new"),
    path("staff/processes/<int:process_id>/", views.process_detail, name="detail"),
    path("staff/processes/<int:process_id>/edit/", views.process_edit, name="edit"),
    path("staff/processes/<int:process_id>/meetings/", views.meeting_add, name="meeting_add"),
    path(
        "staff/processes/<int:process_id>/meetings/<int:meeting_id>/move/",
        views.meeting_move,
        name="meeting_move",
    ),
    path(
        "staff/processes/<int:process_id>/meetings/<int:meeting_id>/facilitate/",
        views.meeting_facilitate,
        name="meeting_facilitate",
    ),
    path(
        "staff/processes/<int:process_id>/meetings/<int:meeting_id>/carry/",
        views.meeting_carry,
        name="meeting_carry",
    ),
    path(
        "staff/processes/<int:process_id>/catalogue/",
        views.process_catalogue,
        name="catalogue",
    ),
    path(
        "staff/processes/<int:process_id>/catalogue/<str:fmt>/",
        views.process_catalogue,
        name="catalogue_download",
    ),
    path("staff/templates/", views.template_list, name="templates"),
    path("staff/templates/<int:template_id>/use/", views.template_use, name="template_use"),
    path(
        "staff/templates/<int:template_id>/delete/",
        views.template_delete,
        name="template_delete",
    ),
    path("staff/templates/save/<str:code>/", views.template_save, name="template_save"),
]
