"""Registering: deadline, capacity and the waiting list, duplicates, a bad e-mail and a new
organisation — each refused or answered with a clear message, nothing lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from registrations.actions.invitation import do_save_invitation
from registrations.actions.registration import do_cancel_registration, waiting_position
from registrations.models import Registration
from registrations.selectors import registry_organisations
from tests.registrations.conftest import make_invitation, register
from workshops.actions.base import ActionError
from workshops.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_registration_keeps_what_the_person_gave(invitation, sports_club):
    registered = register(
        invitation,
        organisation_id=sports_club.pk,
        email="anna@example.org",
        needs="Vegetarian food",
    )
    registration = registered.registration
    assert registered.waiting_position is None
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.organisation == sports_club
    assert (registration.email, registration.needs) == ("anna@example.org", "Vegetarian food")
    assert registration.consented_at is not None
    assert len(registration.token) >= 32


def test_after_the_deadline_registration_is_refused_with_the_date_and_contact(workshop):
    past = make_invitation(workshop, registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ActionError) as refused:
        register(past)
    assert refused.value.code == "deadline"
    assert "Registration closed on" in str(refused.value.message)
    assert "Mette Holm" in str(refused.value.message)
    assert not Registration.objects.exists()


def test_a_full_meeting_puts_people_on_the_waiting_list_in_order(workshop):
    small = make_invitation(workshop, capacity=2)
    first, second = register(small, "Anna"), register(small, "Bo")
    third, fourth = register(small, "Carl"), register(small, "Dorte")
    assert [r.waiting_position for r in (first, second, third, fourth)] == [None, None, 1, 2]
    statuses = list(small.registrations.values_list("name", "status"))
    assert statuses == [
        ("Anna", "confirmed"),
        ("Bo", "confirmed"),
        ("Carl", "waiting"),
        ("Dorte", "waiting"),
    ]


def test_a_cancellation_gives_the_place_to_the_first_on_the_waiting_list(
    workshop, django_capture_on_commit_callbacks
):
    small = make_invitation(workshop, capacity=1)
    anna = register(small, "Anna").registration
    carl = register(small, "Carl", email="carl@example.org").registration
    dorte = register(small, "Dorte").registration
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = do_cancel_registration(registration=anna)

    assert [r.name for r in promoted] == ["Carl"]
    carl.refresh_from_db()
    dorte.refresh_from_db()
    assert carl.status == Registration.Status.CONFIRMED
    assert waiting_position(dorte) == 1
    assert [m.to for m in mail.outbox] == [["carl@example.org"]]
    assert "place" in mail.outbox[0].subject


def test_more_places_promote_the_waiting_list(workshop, facilitator):
    small = make_invitation(workshop, capacity=1)
    register(small, "Anna")
    carl = register(small, "Carl").registration
    fields = {
        name: getattr(small, name)
        for name in (
            "starts_at",
            "ends_at",
            "place",
            "address",
            "programme",
            "registration_deadline",
            "contact_name",
            "contact_email",
            "contact_phone",
            "published",
        )
    }
    do_save_invitation(user=facilitator, workshop=workshop, **{**fields, "capacity": 2})
    carl.refresh_from_db()
    assert carl.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("second", "field"),
    [
        ({"name": "Anna Berg", "email": "ANNA@example.org"}, "email"),
        ({"name": "anna berg"}, "name"),
    ],
)
def test_a_second_registration_of_the_same_person_is_refused(invitation, second, field):
    register(invitation, "Anna Berg", email="anna@example.org")
    with pytest.raises(ActionError) as refused:
        register(invitation, **second)
    assert refused.value.field == field
    assert refused.value.code == "duplicate"
    assert "already registered" in str(refused.value.message)
    assert invitation.registrations.count() == 1


def test_after_cancelling_the_same_person_may_register_again(invitation):
    first = register(invitation, "Anna Berg").registration
    do_cancel_registration(registration=first)
    again = register(invitation, "Anna Berg").registration
    assert again.status == Registration.Status.CONFIRMED


def test_a_bad_email_is_refused_on_its_field(invitation):
    with pytest.raises(ActionError) as refused:
        register(invitation, email="anna@example")
    assert refused.value.field == "email"
    assert "name@example.org" in str(refused.value.message)
    assert not Registration.objects.exists()


def test_no_consent_no_registration(invitation):
    with pytest.raises(ActionError) as refused:
        register(invitation, consent=False)
    assert refused.value.field == "consent"


def test_a_new_organisation_waits_for_staff_but_the_registration_counts(invitation):
    registered = register(
        invitation, new_organisation="Nordby Landsbyråd", sector=Organisation.Sector.RURAL
    )
    organisation = registered.registration.organisation
    assert registered.organisation_pending
    assert registered.registration.status == Registration.Status.CONFIRMED
    assert (organisation.name, organisation.sector, organisation.approved) == (
        "Nordby Landsbyråd",
        "rural",
        False,
    )
    assert organisation not in registry_organisations()


def test_a_new_organisation_needs_its_sector(invitation):
    with pytest.raises(ActionError) as refused:
        register(invitation, new_organisation="Nordby Landsbyråd")
    assert refused.value.field == "sector"
    assert not Organisation.objects.filter(name="Nordby Landsbyråd").exists()


def test_an_unapproved_organisation_cannot_be_chosen_from_the_list(invitation):
    pending = Organisation.objects.create(name="Ukendt Forening", approved=False)
    with pytest.raises(ActionError) as refused:
        register(invitation, organisation_id=pending.pk)
    assert refused.value.field == "organisation"


def test_a_typed_name_that_is_in_the_registry_is_that_organisation(invitation, sports_club):
    registered = register(invitation, new_organisation="nordby boldklub", sector="culture")
    assert registered.registration.organisation == sports_club
    assert not registered.organisation_pending


def test_an_unpublished_invitation_takes_no_registrations(workshop):
    draft = make_invitation(workshop, published=False)
    with pytest.raises(ActionError) as refused:
        register(draft)
    assert refused.value.code == "unpublished"


def test_a_confirmation_mail_carries_the_personal_link(
    invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(invitation, email="anna@example.org").registration
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert f"http://127.0.0.1:8000/r/{registration.token}/" in message.body
    assert "Nordby Medborgerhus" in message.body


def test_without_an_email_no_mail_is_sent(invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(invitation, email="")
    assert mail.outbox == []


def test_a_mail_server_that_fails_loses_no_registration(
    invitation, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.registrations.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registered = register(invitation, email="anna@example.org")
    assert len(callbacks) == 1  # the mail was attempted, failed, and was logged
    assert Registration.objects.filter(pk=registered.registration.pk).exists()


def test_the_mail_speaks_the_meetings_language(facilitator, django_capture_on_commit_callbacks):
    from tests.conftest import make_workshop

    swedish = make_invitation(make_workshop(facilitator, language="sv"))
    with django_capture_on_commit_callbacks(execute=True):
        register(swedish, email="anna@example.org")
    (message,) = mail.outbox
    assert message.subject.startswith("Du är anmäld:")
    assert "Din personliga länk" in message.body


def test_only_staff_approve_organisations(invitation, facilitator):
    from django.contrib.auth import get_user_model

    from registrations.actions.organisations import do_approve_organisation

    pending = register(invitation, new_organisation="Ny Forening", sector="culture")
    organisation = pending.registration.organisation
    with pytest.raises(ActionError) as refused:
        do_approve_organisation(user=facilitator, organisation=organisation, sector="culture")
    assert refused.value.code == "forbidden"
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    do_approve_organisation(user=staff, organisation=organisation, sector="social")
    assert organisation in registry_organisations()
