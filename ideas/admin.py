from django.contrib import admin

from ideas.models import Idea, Initiative, Milestone, PublishedCatalogue, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "workshop", "position"]
    search_fields = ["name", "workshop__title", "workshop__join_code"]
    list_select_related = ["workshop"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "theme", "hidden", "created_at"]
    list_filter = ["hidden"]
    search_fields = ["title", "text", "workshop__title", "workshop__join_code"]
    list_select_related = ["workshop", "theme"]
    # The author is a participant; show who it was without offering a way to change it.
    readonly_fields = ["author", "client_key", "created_at", "updated_at"]
    raw_id_fields = ["workshop", "theme", "space"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    fields = ["date", "title", "text", "author"]
    readonly_fields = ["author"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "workshop", "status", "progress", "strategic_goal"]
    list_filter = ["status", "strategic_goal"]
    search_fields = ["reference", "title", "intervention", "workshop__title"]
    list_select_related = ["workshop", "strategic_goal"]
    filter_horizontal = ["actors"]
    raw_id_fields = ["workshop", "theme", "ideas", "members"]
    readonly_fields = ["field_versions", "field_editors", "created_at", "updated_at"]
    inlines = [MilestoneInline]

    def save_formset(self, request, form, formset, change):
        milestones = formset.save(commit=False)
        for milestone in milestones:
            if isinstance(milestone, Milestone) and milestone.author_id is None:
                milestone.author = request.user
            milestone.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()


@admin.register(PublishedCatalogue)
class PublishedCatalogueAdmin(admin.ModelAdmin):
    list_display = ["title", "created_by", "created_at", "unpublished_at"]
    list_filter = ["unpublished_at"]
    filter_horizontal = ["workshops"]
    readonly_fields = ["token", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
