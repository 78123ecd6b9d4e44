"""The staff area: who may enter, the initiative list with filters and sort, the detail page,
the action plan, and publishing a catalogue at a public link."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from ideas.models import Initiative, PublishedCatalogue
from tests.ideas.catalogue_fixtures import close, closed_fixture, make_staff_user
from workshops.models import Organisation, StrategicGoal

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_fixture(facilitator):
    return closed_fixture(facilitator)


@pytest.fixture
def staff_user(db):
    return make_staff_user()


def staff_urls(fixture) -> list[str]:
    initiative = fixture.initiative
    return [
        reverse("ideas:staff_initiatives"),
        reverse("ideas:staff_initiative", args=[initiative.pk]),
        reverse("ideas:staff_action_plan"),
        reverse("ideas:staff_catalogues"),
        reverse("ideas:staff_catalogue_download") + f"?workshops={fixture.workshop.pk}&format=json",
    ]


def test_anonymous_user_is_sent_to_sign_in(client, catalogue_fixture):
    for url in staff_urls(catalogue_fixture):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_non_staff_is_refused(client, facilitator, catalogue_fixture):
    client.force_login(facilitator)
    for url in staff_urls(catalogue_fixture):
        assert client.get(url).status_code == 403, url
    initiative = catalogue_fixture.initiative
    response = client.post(
        reverse("ideas:staff_followup", args=[initiative.pk]),
        {"status": "done", "progress": 100},
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == "planned"
    assert client.post(reverse("ideas:staff_publish"), {}).status_code == 403


def test_staff_see_every_page(client, staff_user, catalogue_fixture):
    client.force_login(staff_user)
    for url in staff_urls(catalogue_fixture):
        assert client.get(url).status_code == 200, url


def _second_initiative(fixture) -> Initiative:
    other = Initiative.objects.create(
        workshop=fixture.workshop,
        reference="N-2",
        title="Kaffe og kortspil i hallen",
        status=Initiative.Status.IN_PROGRESS,
        progress=60,
        strategic_goal=StrategicGoal.objects.create(number=4, title="Bedre rammer"),
    )
    other.actors.add(Organisation.objects.get(name="Kultur og Fritid"))
    return other


def _titles(response) -> list[str]:
    return [initiative.title for initiative in response.context["initiatives"]]


def test_list_shows_the_follow_up_columns(client, staff_user, catalogue_fixture):
    client.force_login(staff_user)
    html = client.get(reverse("ideas:staff_initiatives")).content.decode()
    for expected in [
        "N-1",
        "Gåklub for alle generationer",
        "Planned",
        'value="20"',
        "Lise Tovholder",
        "Nordby Boldklub",
        "Hjemmeplejen",
        "Efteråret 2025",
        "2. Synlighed og netværk",
    ]:
        assert expected in html, expected


def test_list_filters_and_sorts(client, staff_user, catalogue_fixture):
    other = _second_initiative(catalogue_fixture)
    client.force_login(staff_user)
    url = reverse("ideas:staff_initiatives")
    assert _titles(client.get(url, {"status": "in_progress"})) == [other.title]
    assert _titles(client.get(url, {"goal": other.strategic_goal_id})) == [other.title]
    boldklub = Organisation.objects.get(name="Nordby Boldklub")
    assert _titles(client.get(url, {"organisation": boldklub.pk})) == [
        "Gåklub for alle generationer"
    ]
    assert len(_titles(client.get(url, {"workshop": catalogue_fixture.workshop.pk}))) == 2
    assert _titles(client.get(url, {"sort": "progress"}))[0] == other.title
    assert _titles(client.get(url, {"sort": "title"})) == [
        "Gåklub for alle generationer",
        "Kaffe og kortspil i hallen",
    ]
    # An unknown filter value is ignored rather than failing
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_detail_links_back_to_ideas_theme_and_workshop(client, staff_user, catalogue_fixture):
    client.force_login(staff_user)
    initiative = catalogue_fixture.initiative
    html = client.get(reverse("ideas:staff_initiative", args=[initiative.pk])).content.decode()
    workshop = catalogue_fixture.workshop
    assert "Gåklub fra boldbanen" in html
    assert "Bevægelse i naturen" in html
    assert workshop.title in html
    catalogue_url = reverse("ideas:workshop_catalogue", args=[workshop.join_code])
    assert f"{catalogue_url}#idea-{catalogue_fixture.ideas['walk'].pk}" in html
    assert "Første planlægningsmøde" in html
    assert client.get(reverse("ideas:staff_initiative", args=[99999])).status_code == 404


def test_action_plan_html_and_docx(client, staff_user, catalogue_fixture):
    _second_initiative(catalogue_fixture)
    client.force_login(staff_user)
    url = reverse("ideas:staff_action_plan")
    query = {"workshop": catalogue_fixture.workshop.pk}
    html = client.get(url, query).content.decode()
    assert "1.</span> Gåklub for alle generationer" in html
    assert "2.</span> Kaffe og kortspil i hallen" in html
    for label in ["Intervention", "Purpose", "Strategic goal", "Actors", "Timeline"]:
        assert f"<dt>{label}</dt>" in html
    assert "@page { size: A4" in html

    response = client.get(url, {**query, "format": "docx"})
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    found = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "1. Gåklub for alle generationer") in found
    assert ("Heading 1", "2. Kaffe og kortspil i hallen") in found
    assert ("Heading 2", "Strategic goal") in found
    assert ("Normal", "2. Synlighed og netværk") in found
    assert (
        "Normal",
        "Boldklubben og seniorklubben starter ugentlige gåture med kaffe bagefter.",
    ) in found


def test_series_download_from_the_staff_area(client, staff_user, catalogue_fixture, facilitator):
    from tests.conftest import make_workshop

    second = close(make_workshop(facilitator, title="Anden runde"))
    client.force_login(staff_user)
    response = client.get(
        reverse("ideas:staff_catalogue_download"),
        {
            "workshops": [catalogue_fixture.workshop.pk, second.pk],
            "format": "md",
            "title": "Nordby-serien",
        },
    )
    assert response.status_code == 200
    assert response.content.decode().startswith("# Nordby\\-serien")
    missing = client.get(reverse("ideas:staff_catalogue_download"), {"format": "md"})
    assert missing.status_code == 400


def test_publish_and_unpublish(client, staff_user, catalogue_fixture):
    client.force_login(staff_user)
    response = client.post(
        reverse("ideas:staff_publish"),
        {"publish-workshops": [catalogue_fixture.workshop.pk], "publish-title": "Til borgerne"},
    )
    assert response.status_code == 302
    publication = PublishedCatalogue.objects.get()
    assert len(publication.token) >= 32
    assert publication.created_by == staff_user
    public_url = reverse("ideas:public_catalogue", args=[publication.token])
    listing = client.get(reverse("ideas:staff_catalogues")).content.decode()
    assert public_url in listing

    client.logout()
    page = client.get(public_url)
    assert page.status_code == 200
    assert "Til borgerne" in page.content.decode()
    assert "Gåklub for alle generationer" in page.content.decode()
    assert "Jens Lund" not in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex"
    assert client.get(reverse("ideas:public_catalogue", args=["gaet-et-token"])).status_code == 404

    client.force_login(staff_user)
    response = client.post(reverse("ideas:staff_unpublish", args=[publication.pk]))
    assert response.status_code == 302
    client.logout()
    assert client.get(public_url).status_code == 404


def test_publish_needs_a_workshop(client, staff_user, catalogue_fixture):
    client.force_login(staff_user)
    response = client.post(reverse("ideas:staff_publish"), {"publish-title": "Tom"})
    assert response.status_code == 400
    assert not PublishedCatalogue.objects.exists()


def test_admin_pages_for_ideas_and_initiatives(client, catalogue_fixture, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password="pw-for-tests-only")
    client.force_login(admin)
    initiative = catalogue_fixture.initiative
    for url in [
        reverse("admin:ideas_initiative_changelist"),
        reverse("admin:ideas_initiative_change", args=[initiative.pk]),
        reverse("admin:ideas_idea_changelist"),
        reverse("admin:ideas_theme_changelist"),
        reverse("admin:ideas_publishedcatalogue_changelist"),
        reverse("admin:workshops_strategicgoal_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("admin:ideas_initiative_change", args=[initiative.pk])).content
    assert "Første planlægningsmøde".encode() in html  # the milestone inline
