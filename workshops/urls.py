from django.urls import path

from workshops import privacy_views, views

app_name = "workshops"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("j/<str:code>/", views.join, name="join"),
    path("j/<str:code>/qr.svg", views.join_qr, name="join_qr"),
    path("w/<str:code>/", views.participant_screen, name="participant"),
    path("w/<str:code>/act/<str:verb>/", views.participant_act, name="participant_act"),
    path("w/<str:code>/console/", views.console, name="console"),
    path("w/<str:code>/console/act/<str:verb>/", views.facilitator_act, name="facilitator_act"),
    path("w/<str:code>/projector/", views.projector, name="projector"),
    path("w/<str:code>/console/people/", views.console_people, name="console_people"),
    path("j/<str:code>/privacy/", privacy_views.privacy_notice, name="privacy"),
    path("w/<str:code>/my-data/", privacy_views.my_data, name="my_data"),
    path("w/<str:code>/my-data.json", privacy_views.my_data_download, name="my_data_download"),
    path(
        "w/<str:code>/console/people/<int:participant_id>/erase/",
        privacy_views.erase_participant,
        name="erase_participant",
    ),
]
