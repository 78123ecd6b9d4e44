from django.contrib import admin

from processes.models import CarriedIdea, CarriedTheme, Meeting, MeetingTemplate, Process


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["workshop", "position", "place", "held_on"]
    raw_id_fields = ["workshop"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_department", "starts_on", "ends_on", "language"]
    search_fields = ["title", "challenge"]
    inlines = [MeetingInline]


@admin.register(MeetingTemplate)
class MeetingTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "key", "created_at"]
    list_filter = ["language"]
    search_fields = ["name", "description"]


@admin.register(CarriedIdea)
class CarriedIdeaAdmin(admin.ModelAdmin):
    list_display = ["idea", "source", "source_meeting", "dots", "carried_at"]
    raw_id_fields = ["idea", "source", "source_workshop"]


@admin.register(CarriedTheme)
class CarriedThemeAdmin(admin.ModelAdmin):
    list_display = ["theme", "source", "source_meeting", "dots", "carried_at"]
    raw_id_fields = ["theme", "source", "source_workshop"]
