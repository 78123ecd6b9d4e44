from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workshops.models import KnowledgeCard, Organisation, Participant, StrategicGoal, Workshop


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "approved", "proposed_in"]
    list_filter = ["approved", "kind", "municipality"]
    search_fields = ["name"]
    actions = ["approve"]

    @admin.action(description=_("Approve into the shared registry"))
    def approve(self, request, queryset):
        """Names typed at joining become choices in every workshop's join form."""
        count = queryset.filter(approved=False).update(approved=True, proposed_in=None)
        self.message_user(
            request,
            ngettext("%(count)d organisation approved.", "%(count)d organisations approved.", count)
            % {"count": count},
        )


@admin.register(StrategicGoal)
class StrategicGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "join_code", "phase", "language", "created_at", "closed_at"]
    list_filter = ["phase", "language"]
    search_fields = ["title", "join_code"]
    filter_horizontal = ["facilitators"]
    readonly_fields = ["seq", "join_code", "created_at"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["public_name", "workshop", "role", "organisation", "joined_at"]
    list_filter = ["role"]
    exclude = ["token_hash"]


@admin.register(KnowledgeCard)
class KnowledgeCardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "kind", "hidden"]
    list_filter = ["kind", "hidden"]
