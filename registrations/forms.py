"""Forms parse input; the rules about it live in the actions, whose errors land on the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.models import Invitation
from registrations.selectors import registry_organisations
from workshops.forms import ActionErrorFormMixin, CleanLineField, CleanTextField
from workshops.models import Organisation, Participant


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class InvitationForm(ActionErrorFormMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = [
            "starts_at",
            "ends_at",
            "place",
            "address",
            "programme",
            "registration_deadline",
            "capacity",
            "contact_name",
            "contact_email",
            "contact_phone",
            "published",
        ]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "registration_deadline": LocalDateTimeInput(),
            "programme": forms.Textarea(attrs={"rows": 6}),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        field_classes = {
            "place": CleanLineField,
            "address": CleanLineField,
            "contact_name": CleanLineField,
            "contact_phone": CleanLineField,
            "programme": CleanTextField,
        }


SECTOR_CHOICES = [("", _("— choose —")), *Organisation.Sector.choices]


class RegistrationForm(ActionErrorFormMixin, forms.Form):
    name = CleanLineField(
        label=_("Your name"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    new_organisation = CleanLineField(
        label=_("…or type the name of your organisation"),
        help_text=_("A new name is checked by staff before others can choose it."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label=_("Your organisation's sector (for a new organisation)"),
        choices=SECTOR_CHOICES,
        required=False,
    )
    role = forms.ChoiceField(
        label=_("I come as"),
        choices=Participant.Role.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    # Checked by the action, so a bad address gets the same clear message everywhere.
    email = forms.CharField(
        label=_("E-mail (optional)"),
        help_text=_("For a confirmation with your personal link."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    needs = CleanTextField(
        label=_("Accessibility or dietary needs (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my registration is stored."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = registry_organisations()


class ApproveOrganisationForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), choices=Organisation.Sector.choices)
