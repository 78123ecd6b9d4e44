"""Follow-up actions: status, progress, owner and milestones, and what the next export shows."""

from __future__ import annotations

import datetime
import io
import json

import docx
import pytest
from django.urls import reverse

from ideas.actions.followup import (
    do_add_milestone,
    do_publish_catalogue,
    do_unpublish_catalogue,
    do_update_followup,
)
from ideas.catalogue import build_catalogue
from ideas.exports import export_catalogue
from ideas.models import Initiative
from tests.ideas.catalogue_fixtures import closed_fixture, make_staff_user
from workshops.actions.base import ActionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_fixture(facilitator):
    return closed_fixture(facilitator)


@pytest.fixture
def staff_user(db):
    return make_staff_user()


def test_status_change_shows_in_the_next_export(staff_user, catalogue_fixture):
    initiative = catalogue_fixture.initiative
    workshop = catalogue_fixture.workshop
    before = json.loads(export_catalogue(build_catalogue([workshop]), "json").content)
    assert before["initiatives"][0]["status"] == "planned"

    do_update_followup(
        user=staff_user,
        initiative_id=initiative.pk,
        status=Initiative.Status.IN_PROGRESS,
        progress=45,
        owner_id=staff_user.pk,
    )
    do_add_milestone(
        user=staff_user,
        initiative_id=initiative.pk,
        date=datetime.date(2025, 9, 9),
        title="Første gåtur gennemført",
        text="Fjorten deltog, heraf seks nye.",
    )
    catalogue = build_catalogue([workshop])
    after = json.loads(export_catalogue(catalogue, "json").content)
    assert after["initiatives"][0]["status"] == "in_progress"
    assert after["initiatives"][0]["progress"] == 45
    assert after["initiatives"][0]["milestones"][-1]["title"] == "Første gåtur gennemført"
    walk = [i for t in after["themes"] for i in t["ideas"] if i["title"] == "Gåklub fra boldbanen"]
    assert walk[0]["initiatives"][0]["status"] == "in_progress"
    html = export_catalogue(catalogue, "html").content.decode()
    assert 'class="status status-in_progress">In progress<' in html
    text = "\n".join(
        p.text
        for p in docx.Document(io.BytesIO(export_catalogue(catalogue, "docx").content)).paragraphs
    )
    assert "Status: In progress · Progress 45 %" in text
    assert "9 September 2025: Første gåtur gennemført – Fjorten deltog, heraf seks nye." in text


def test_done_means_complete(staff_user, catalogue_fixture):
    initiative = do_update_followup(
        user=staff_user,
        initiative_id=catalogue_fixture.initiative.pk,
        status="done",
        progress=70,
        owner_id=None,
    )
    assert (initiative.status, initiative.progress, initiative.owner_id) == ("done", 100, None)


@pytest.mark.parametrize(
    ("status", "progress", "field"),
    [("finished", 10, "status"), ("planned", 101, "progress"), ("planned", -1, "progress")],
)
def test_bad_follow_up_is_refused(staff_user, catalogue_fixture, status, progress, field):
    with pytest.raises(ActionError) as refused:
        do_update_followup(
            user=staff_user,
            initiative_id=catalogue_fixture.initiative.pk,
            status=status,
            progress=progress,
            owner_id=None,
        )
    assert refused.value.field == field


def test_owner_must_be_staff(staff_user, facilitator, catalogue_fixture):
    with pytest.raises(ActionError) as refused:
        do_update_followup(
            user=staff_user,
            initiative_id=catalogue_fixture.initiative.pk,
            status="planned",
            progress=0,
            owner_id=facilitator.pk,
        )
    assert refused.value.field == "owner"


def test_only_staff_may_follow_up(facilitator, catalogue_fixture):
    with pytest.raises(ActionError) as refused:
        do_add_milestone(
            user=facilitator,
            initiative_id=catalogue_fixture.initiative.pk,
            date=datetime.date(2025, 9, 1),
            title="Forsøg",
        )
    assert refused.value.code == "forbidden"
    with pytest.raises(ActionError):
        do_publish_catalogue(user=facilitator, workshops=[catalogue_fixture.workshop])


def test_milestone_needs_date_and_title(staff_user, catalogue_fixture):
    for date, title, field in [(None, "Titel", "date"), (datetime.date(2025, 1, 1), " ", "title")]:
        with pytest.raises(ActionError) as refused:
            do_add_milestone(
                user=staff_user,
                initiative_id=catalogue_fixture.initiative.pk,
                date=date,
                title=title,
            )
        assert refused.value.field == field


def test_missing_initiative(staff_user):
    with pytest.raises(ActionError) as refused:
        do_update_followup(
            user=staff_user, initiative_id=424242, status="planned", progress=0, owner_id=None
        )
    assert refused.value.code == "not_found"


def test_unpublish_twice_is_harmless(staff_user, catalogue_fixture):
    publication = do_publish_catalogue(user=staff_user, workshops=[catalogue_fixture.workshop])
    assert publication.title == catalogue_fixture.workshop.title
    first = do_unpublish_catalogue(user=staff_user, publication_id=publication.pk)
    second = do_unpublish_catalogue(user=staff_user, publication_id=publication.pk)
    assert first.unpublished_at == second.unpublished_at is not None


def test_follow_up_through_the_staff_pages(client, staff_user, catalogue_fixture):
    client.force_login(staff_user)
    initiative = catalogue_fixture.initiative
    response = client.post(
        reverse("ideas:staff_followup", args=[initiative.pk]),
        {"status": "in_progress", "progress": "30", "owner": staff_user.pk},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("ideas:staff_add_milestone", args=[initiative.pk]),
        {"date": "2025-10-01", "title": "Ny rute", "text": "Langs åen"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.progress) == ("in_progress", 30)
    assert initiative.milestones.filter(title="Ny rute", author=staff_user).exists()

    bad = client.post(
        reverse("ideas:staff_add_milestone", args=[initiative.pk]), {"title": "Uden dato"}
    )
    assert bad.status_code == 400
    assert bad.context["milestone_form"].errors["date"]

    code = catalogue_fixture.workshop.join_code
    csv_text = client.get(
        reverse("ideas:workshop_catalogue_download", args=[code, "csv"])
    ).content.decode("utf-8-sig")
    assert "In progress" in csv_text
