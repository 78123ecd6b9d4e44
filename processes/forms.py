"""Forms for the process screens: they parse input, the actions hold the rules."""

from __future__ import annotations

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from processes.models import MeetingTemplate, Process
from processes.selectors import BUILTIN_ORDER
from workshops.forms import ActionErrorFormMixin, CleanLineField, CleanTextField
from workshops.models import MeetingType, Organisation, Workshop

PLANNED_ROWS = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _templates(language: str | None = None):
    """Templates in the order a process uses them: the built-in ones, then staff's own."""
    ordered = MeetingTemplate.objects.order_by(
        "language",
        Case(
            *(When(key=key, then=Value(n)) for n, key in enumerate(BUILTIN_ORDER)),
            default=Value(len(BUILTIN_ORDER)),
        ),
        "name",
    )
    return ordered.filter(language=language) if language else ordered


def _departments():
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPAL_DEPARTMENT).order_by("name")


class ProcessForm(ActionErrorFormMixin, forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            "title",
            "challenge",
            "target_group",
            "owner_department",
            "starts_on",
            "ends_on",
            "language",
        ]
        widgets = {
            "challenge": forms.Textarea(attrs={"rows": 3}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        field_classes = {
            "title": CleanLineField,
            "challenge": CleanTextField,
            "target_group": CleanTextField,
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_department"].queryset = _departments()
        self.fields["owner_department"].empty_label = _("— none —")
        if editing:  # its meetings are in this language already
            del self.fields["language"]


class TemplateChoiceField(forms.ModelChoiceField):
    """Templates by name; with their language too where the list mixes languages."""

    show_language = True

    def label_from_instance(self, template: MeetingTemplate) -> str:
        if not self.show_language:
            return template.name
        return f"{template.name} ({template.get_language_display()})"


class PlannedMeetingForm(ActionErrorFormMixin, forms.Form):
    """One meeting to create from a template; a row left without a template is skipped."""

    template = TemplateChoiceField(
        label=_("Template"),
        queryset=_templates(),
        required=False,
        empty_label=_("— no meeting —"),
    )
    place = CleanLineField(label=_("Place"), max_length=120, required=False)
    held_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    title = CleanLineField(
        label=_("Title (optional)"),
        max_length=200,
        required=False,
        help_text=_("By default the template's name and the place."),
    )

    def __init__(self, *args, language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if language:
            self.fields["template"].queryset = _templates(language)
            self.fields["template"].show_language = False


def planned_forms(data=None, *, language: str | None = None, initial_keys=()) -> list:
    """The rows of meetings a new process starts with, pre-filled with `initial_keys` (built-in
    template keys) in the process's language."""
    rows = []
    templates = {
        t.key: t for t in MeetingTemplate.objects.filter(language=language or "da").exclude(key="")
    }
    for index in range(PLANNED_ROWS):
        initial = {}
        if index < len(initial_keys) and initial_keys[index] in templates:
            initial["template"] = templates[initial_keys[index]].pk
        rows.append(PlannedMeetingForm(data, prefix=f"m{index}", initial=initial))
    return rows


class MeetingForm(PlannedMeetingForm):
    """A meeting added to an existing process: here a template is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].required = True
        self.fields["template"].empty_label = None


class TemplateForm(ActionErrorFormMixin, forms.Form):
    name = CleanLineField(label=_("Template name"), max_length=120)
    description = CleanTextField(
        label=_("What it is for (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WorkshopFromTemplateForm(ActionErrorFormMixin, forms.Form):
    title = CleanLineField(label=_("Title"), max_length=200)
    meeting_type = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingType.choices)
    question = CleanTextField(
        label=_("Challenge question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CarryForm(forms.Form):
    """The themes and ideas picked on the carry screen (checked boxes named theme/idea)."""

    ideas = forms.TypedMultipleChoiceField(coerce=int, required=False)
    themes = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, idea_ids=(), theme_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(pk, pk) for pk in idea_ids]
        self.fields["themes"].choices = [(pk, pk) for pk in theme_ids]


LANGUAGE_CHOICES = Workshop.Language.choices
