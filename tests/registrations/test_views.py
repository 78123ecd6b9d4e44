"""The invitation page and the registration form over HTTP: what a person sees, and that a
refused form comes back with everything they typed."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from registrations.models import Registration
from tests.registrations.conftest import form_data, make_invitation, register
from workshops.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_invitation_shows_the_meeting(client, invitation):
    page = client.get(f"/i/{invitation.slug}/").content.decode()
    for expected in (
        "Fællesskaber for ældre",
        "Hvordan mødes flere på tværs af alder?",
        "Nordby Medborgerhus",
        "Skolevej 4, 9999 Nordby",
        "18.30 Welcome",
        "Mette Holm",
        "mailto:mette@nordby.example",
        "<svg",  # the QR code
        f"/i/{invitation.slug}/calendar.ics",
    ):
        assert expected in page


def test_the_invitation_speaks_the_meetings_language(client, facilitator):
    from tests.conftest import make_workshop

    danish = make_invitation(make_workshop(facilitator, language="da"))
    page = client.get(f"/i/{danish.slug}/").content.decode()
    assert 'lang="da"' in page
    assert "Tilmeld" in page


def test_registering_leads_to_the_personal_page(client, invitation):
    response = client.post(f"/i/{invitation.slug}/", form_data(), follow=True)
    registration = Registration.objects.get()
    assert response.redirect_chain[-1][0] == f"/r/{registration.token}/"
    content = response.content.decode()
    assert "You are registered" in content
    assert "We are sending a confirmation to anna@example.org" in content
    assert registration.personal_path in content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "anna@@example"}, "Check the e-mail address"),
        ({"consent": ""}, "tick that you have read the privacy notice"),
        ({"new_organisation": "Nordby Landsbyråd"}, "Choose the sector of your organisation"),
        ({"name": ""}, "Write your name"),
    ],
)
def test_a_refused_form_keeps_everything_typed(client, invitation, change, message):
    data = form_data(needs="Wheelchair; no gluten", **change)
    response = client.post(f"/i/{invitation.slug}/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    form = response.context["form"]
    for field in ("name", "email", "needs", "new_organisation", "role"):
        assert form[field].value() == data[field]
    assert "Wheelchair; no gluten" in content
    assert not Registration.objects.exists()


def test_a_duplicate_is_refused_with_the_form_kept(client, invitation):
    register(invitation, "Anna Berg", email="anna@example.org")
    response = client.post(f"/i/{invitation.slug}/", form_data(needs="Late arrival"))
    assert response.status_code == 400
    assert "already registered for this meeting" in response.content.decode()
    assert "Late arrival" in response.content.decode()
    assert Registration.objects.count() == 1


def test_after_the_deadline_the_page_says_so_and_a_late_post_keeps_the_form(client, workshop):
    late = make_invitation(workshop, registration_deadline=timezone.now() - timedelta(hours=1))
    page = client.get(f"/i/{late.slug}/").content.decode()
    assert "Registration closed on" in page
    assert 'name="consent"' not in page
    response = client.post(f"/i/{late.slug}/", form_data())
    assert response.status_code == 400
    assert response.context["form"]["name"].value() == "Anna Berg"
    refused = response.content.decode()
    assert "What you wrote:" in refused
    assert "Step-free access, please" in refused
    assert not Registration.objects.exists()


def test_a_full_meeting_offers_the_waiting_list(client, workshop):
    full = make_invitation(workshop, capacity=1)
    register(full, "Bo")
    page = client.get(f"/i/{full.slug}/").content.decode()
    assert "Join the waiting list" in page
    response = client.post(f"/i/{full.slug}/", form_data(), follow=True)
    assert "You are number 1 on the waiting list" in response.content.decode()
    assert Registration.objects.get(name="Anna Berg").status == "waiting"


def test_a_new_organisation_is_named_as_waiting_for_staff(client, invitation):
    response = client.post(
        f"/i/{invitation.slug}/",
        form_data(new_organisation="Nordby Landsbyråd", sector="rural"),
        follow=True,
    )
    assert "Nordby Landsbyråd is new to us" in response.content.decode()
    # Not offered to the next person until staff approve it.
    page = client.get(f"/i/{invitation.slug}/").content.decode()
    assert "Nordby Landsbyråd" not in page


def test_an_unpublished_invitation_is_hidden_from_the_public(client, workshop, facilitator):
    draft = make_invitation(workshop, published=False)
    assert client.get(f"/i/{draft.slug}/").status_code == 404
    assert client.get(f"/i/{draft.slug}/calendar.ics").status_code == 404
    client.force_login(facilitator)
    assert "not published yet" in client.get(f"/i/{draft.slug}/").content.decode()


def test_a_person_can_cancel_from_the_personal_page(client, invitation):
    registration = register(invitation).registration
    response = client.post(f"/r/{registration.token}/cancel/", follow=True)
    assert "Your registration is cancelled" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def _staff(username="staff"):
    return get_user_model().objects.create_user(username, password="pw-for-tests", is_staff=True)


@pytest.mark.parametrize(
    "path",
    [
        "/w/{code}/invitation/",
        "/w/{code}/registrations/",
        "/w/{code}/registrations.csv",
        "/w/{code}/registrations/names/",
    ],
)
def test_staff_pages_are_for_the_meetings_facilitators_and_staff(
    client, invitation, other_facilitator, facilitator, path
):
    url = path.format(code=invitation.workshop.join_code)
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404
    client.force_login(facilitator)
    assert client.get(url).status_code == 200
    client.force_login(_staff())
    assert client.get(url).status_code == 200


def test_staff_set_up_an_invitation(client, workshop, facilitator):
    client.force_login(facilitator)
    data = {
        "starts_at": "2031-03-12T18:00",
        "ends_at": "2031-03-12T21:00",
        "place": "Nordby Medborgerhus",
        "address": "Skolevej 4",
        "programme": "18.00 Coffee",
        "registration_deadline": "2031-03-05T12:00",
        "capacity": "80",
        "contact_name": "Mette Holm",
        "contact_email": "",
        "contact_phone": "",
        "published": "on",
    }
    response = client.post(f"/w/{workshop.join_code}/invitation/", data)
    assert response.status_code == 302
    assert workshop.invitation.capacity == 80
    bad = client.post(
        f"/w/{workshop.join_code}/invitation/", {**data, "ends_at": "2031-03-12T17:00"}
    )
    assert bad.status_code == 400
    assert "must end after it starts" in bad.content.decode()
    assert bad.context["form"]["place"].value() == "Nordby Medborgerhus"


def test_the_registrations_page_lists_people_and_the_summary(client, invitation, facilitator):
    municipal = Organisation.objects.create(name="Kultur og Fritid", sector="municipal")
    register(invitation, "Anna", new_organisation="Nordby Landsbyråd", sector="rural")
    register(invitation, "Bo", organisation_id=municipal.pk, role="staff")
    client.force_login(facilitator)
    page = client.get(f"/w/{invitation.workshop.join_code}/registrations/").content.decode()
    assert "Anna" in page and "Bo" in page
    assert "1 organisations (1 people) and 1 from the municipality" in page
    assert "New organisations to approve" in page


def test_staff_approve_a_new_organisation(client, invitation):
    register(invitation, "Anna", new_organisation="Nordby Landsbyråd", sector="rural")
    organisation = Organisation.objects.get(name="Nordby Landsbyråd")
    client.force_login(_staff())
    url = (
        f"/w/{invitation.workshop.join_code}/registrations/organisations/{organisation.pk}/approve/"
    )
    client.post(url, {"sector": "culture"})
    organisation.refresh_from_db()
    assert (organisation.approved, organisation.sector) == (True, "culture")


def test_staff_cancel_and_the_waiting_list_moves_up(client, workshop, facilitator):
    full = make_invitation(workshop, capacity=1)
    anna = register(full, "Anna").registration
    register(full, "Bo")
    client.force_login(facilitator)
    response = client.post(f"/w/{workshop.join_code}/registrations/{anna.pk}/cancel/", follow=True)
    assert "Bo moved up from the waiting list" in response.content.decode()
    assert Registration.objects.get(name="Bo").status == "confirmed"


def test_the_csv_has_a_row_a_person_and_no_formulas(client, invitation, facilitator):
    register(invitation, "=HYPERLINK(1)", email="a@example.org", needs="Vegan")
    register(invitation, "Bo Ørsted")
    client.force_login(facilitator)
    response = client.get(f"/w/{invitation.workshop.join_code}/registrations.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Organisation", "Sector"]
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert "Vegan" in rows[1]
    assert rows[2][0] == "Bo Ørsted"


def test_the_name_list_has_the_confirmed_people_only(client, workshop, facilitator):
    full = make_invitation(workshop, capacity=1)
    register(full, "Anna")
    register(full, "Waiting Walter")
    client.force_login(facilitator)
    page = client.get(f"/w/{workshop.join_code}/registrations/names/").content.decode()
    assert "Anna" in page
    assert "Waiting Walter" not in page
