"""URLs of invitations and registrations: public pages under i/ and r/, staff pages beside the
workshop's console."""

from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("i/<str:slug>/", views.invitation_page, name="invitation"),
    path("i/<str:slug>/calendar.ics", views.invitation_calendar, name="calendar"),
    path("r/<str:token>/", views.personal_page, name="personal"),
    path("r/<str:token>/join/", views.personal_join, name="personal_join"),
    path("r/<str:token>/cancel/", views.personal_cancel, name="personal_cancel"),
    path("staff/registrations/", views.staff_index, name="staff_index"),
    path("w/<str:code>/invitation/", views.staff_invitation, name="staff_invitation"),
    path("w/<str:code>/registrations/", views.staff_registrations, name="staff_registrations"),
    path(
        "w/<str:code>/registrations.csv",
        views.staff_registrations_csv,
        name="staff_registrations_csv",
    ),
    path("w/<str:code>/registrations/names/", views.staff_name_list, name="staff_name_list"),
    path(
        "w/<str:code>/registrations/<int:registration_id>/cancel/",
        views.staff_cancel,
        name="staff_cancel",
    ),
    path(
        "w/<str:code>/registrations/organisations/<int:organisation_id>/approve/",
        views.staff_approve_organisation,
        name="staff_approve_organisation",
    ),
]
