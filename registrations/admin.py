from django.contrib import admin

from registrations.models import Invitation, Registration


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["workshop", "starts_at", "registration_deadline", "capacity", "published"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "invitation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email"]
