"""Forms for the staff follow-up area: they parse input, the actions hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.catalogue_entries import DocumentOptions
from ideas.exports import FORMATS
from ideas.models import Initiative
from ideas.selectors_followup import INITIATIVE_SORTS, catalogue_workshops, staff_users
from workshops.forms import ActionErrorFormMixin, CleanLineField, CleanTextField
from workshops.models import Organisation, StrategicGoal, Workshop

SORT_LABELS = {
    "reference": _("Workshop and reference"),
    "title": _("Title"),
    "status": _("Status"),
    "progress": _("Progress"),
    "goal": _("Strategic goal"),
    "timeline": _("Timeline"),
    "updated": _("Last changed"),
}


class InitiativeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Initiative.Status.choices],
    )
    goal = forms.ModelChoiceField(
        label=_("Strategic goal"),
        queryset=StrategicGoal.objects.all(),
        required=False,
        empty_label=_("All goals"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=Workshop.objects.order_by("-created_at"),
        required=False,
        empty_label=_("All workshops"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in INITIATIVE_SORTS],
    )

    def selection(self) -> dict:
        """The filters as keyword arguments of `followup_initiatives` (invalid ones ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "",
            "goal_id": data["goal"].pk if data.get("goal") else None,
            "organisation_id": data["organisation"].pk if data.get("organisation") else None,
            "workshop_id": data["workshop"].pk if data.get("workshop") else None,
            "sort": data.get("sort") or "reference",
        }


class FollowUpForm(ActionErrorFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    progress = forms.IntegerField(label=_("Progress %"), min_value=0, max_value=100)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=staff_users(), required=False, empty_label=_("— nobody —")
    )


class MilestoneForm(ActionErrorFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = CleanLineField(label=_("Title"), max_length=200)
    text = CleanTextField(
        label=_("Text"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WorkshopsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, workshop: Workshop) -> str:
        held = workshop.created_at.date().isoformat()
        return f"{workshop.title} ({workshop.join_code}, {held}, {workshop.get_phase_display()})"


class CatalogueForm(ActionErrorFormMixin, forms.Form):
    """Which workshops (a series on one challenge) go into one catalogue, and what staff
    choose for the document: its introduction, title page details, what to hide."""

    workshops = WorkshopsField(
        label=_("Workshops"),
        queryset=catalogue_workshops(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = CleanLineField(
        label=_("Title (optional)"),
        max_length=200,
        required=False,
        help_text=_("By default the first workshop's title."),
    )
    introduction = CleanTextField(
        label=_("Introduction (the vision, how the ideas were gathered)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    period = CleanLineField(
        label=_("Period (by default the workshops' dates)"), max_length=200, required=False
    )
    contact = CleanLineField(
        label=_("Contact (by default the one in the publishing settings)"),
        max_length=300,
        required=False,
    )
    hide_votes = forms.BooleanField(label=_("Hide vote counts and ranks"), required=False)
    hide_join_code = forms.BooleanField(label=_("Hide the join code"), required=False)
    credit_organisations = forms.BooleanField(
        label=_("Credit organisations"), required=False, initial=True
    )

    def options(self) -> DocumentOptions:
        data = self.cleaned_data
        return DocumentOptions(
            introduction=data["introduction"],
            period=data["period"],
            contact=data["contact"],
            hide_votes=data["hide_votes"],
            hide_join_code=data["hide_join_code"],
            credit_organisations=data["credit_organisations"],
        )


class CatalogueDownloadForm(CatalogueForm):
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f.upper()) for f in FORMATS])
