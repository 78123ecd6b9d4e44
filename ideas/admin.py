from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ideas.catalogue_entries import Logo
from ideas.models import (
    Idea,
    Initiative,
    Milestone,
    PublishedCatalogue,
    PublishingSettings,
    Theme,
)
from ideas.publishing import LOGO_MAX_BYTES, logo_type


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


class PublishingSettingsForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=_("Logo (PNG or JPEG, at most 1 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = PublishingSettings
        fields = ["municipality", "department", "contact", "action_plan_introduction"]

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        content = upload.read()
        if not logo_type(content):
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        return content

    def save(self, commit=True):
        settings = super().save(commit=False)
        content = self.cleaned_data.get("logo_file")
        if content:
            settings.logo, settings.logo_type = content, logo_type(content)
        elif self.cleaned_data.get("remove_logo"):
            settings.logo, settings.logo_type = b"", ""
        if commit:
            settings.save()
        return settings


@admin.register(PublishingSettings)
class PublishingSettingsAdmin(admin.ModelAdmin):
    """One row: the list leads straight to it; it can be changed, never added twice or
    deleted."""

    form = PublishingSettingsForm
    readonly_fields = ["current_logo"]
    fields = [
        "municipality",
        "department",
        "contact",
        "current_logo",
        "logo_file",
        "remove_logo",
        "action_plan_introduction",
    ]

    @admin.display(description=_("Current logo"))
    def current_logo(self, obj):
        if not obj or not obj.logo_type:
            return "–"
        uri = Logo(bytes(obj.logo), obj.logo_type).data_uri
        return format_html('<img src="{}" alt="" style="max-height: 4rem">', uri)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PublishingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        response._csp_update = {"img-src": ["data:"]}  # the current logo, shown inline
        return response

    def changelist_view(self, request, extra_context=None):
        settings = PublishingSettings.current()
        if settings._state.adding:
            settings.save()
        return redirect("admin:ideas_publishingsettings_change", settings.pk)
