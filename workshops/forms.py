"""Forms parse input; the rules about it live in the actions, whose errors land on the fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workshops.actions.base import ActionError
from workshops.models import Organisation, Participant, Workshop
from workshops.text import clean_line, clean_text


class CleanTextField(forms.CharField):
    """User text of several lines, cleaned as the actions clean it (`workshops.text`): control
    characters dropped before the length is checked. A required field that holds nothing
    visible is refused; the form keeps what was typed, so nothing is lost."""

    clean_value = staticmethod(clean_text)

    def to_python(self, value):
        typed = super().to_python(value)
        cleaned = self.clean_value(typed)
        if self.required and typed and not cleaned:
            raise ValidationError(
                _("Write something visible: spaces and invisible characters alone do not count."),
                code="blank",
            )
        return cleaned or self.empty_value


class CleanLineField(CleanTextField):
    """One line of user text (a name, a title): also no line breaks or directional controls."""

    clean_value = staticmethod(clean_line)


class PlainSelect(forms.Select):
    """A select whose options render in one template loop. Django renders each option through
    templates of its own; with a registry of hundreds of organisations that made the join
    form the slowest page of a rush of phones."""

    template_name = "workshops/widgets/plain_select.html"


class ActionErrorFormMixin:
    def add_action_error(self, error: ActionError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error.message))


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "code-input",
            }
        ),
    )


class JoinForm(ActionErrorFormMixin, forms.Form):
    display_name = CleanLineField(
        label=_("Your name"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    anonymous = forms.BooleanField(label=_("Join anonymously"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (optional)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("— none —"),
        widget=PlainSelect,
    )
    new_organisation = CleanLineField(
        label=_("…or type the name of your organisation"), max_length=200, required=False
    )
    role = forms.ChoiceField(
        label=_("I am here as"), choices=Participant.Role.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.offered_in(workshop).order_by(
            "name"
        )
        if not workshop.anonymous_allowed:
            del self.fields["anonymous"]


class WorkshopForm(ActionErrorFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = [
            "title",
            "question",
            "language",
            "vote_budget",
            "max_votes_per_idea",
            "anonymous_allowed",
            "use_spaces",
            "credit_participants",
        ]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"title": CleanLineField, "question": CleanTextField}
