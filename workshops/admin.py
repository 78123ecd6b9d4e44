from django.contrib import admin

from workshops.models import KnowledgeCard, Organisation, Participant, StrategicGoal, Workshop


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]


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
