"""The staff's process screens over HTTP: create a process from templates, carry ideas, the
catalogue, templates; refusals for everyone else."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ideas.models import Idea
from processes.builtin_templates import IDEA_WORKSHOP, REFINEMENT
from processes.models import CarriedIdea, MeetingTemplate, Process
from processes.selectors import process_meetings


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("planner", password="pw", is_staff=True)
    client.force_login(user)
    return client


def _template(key, language="en"):
    return MeetingTemplate.objects.get(key=key, language=language)


def test_staff_create_a_process_with_its_meetings_in_one_form(staff_client):
    page = staff_client.get(reverse("processes:new"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Knowledge and framing meeting" in page.content.decode()
    data = {
        "title": "Fællesskaber",
        "challenge": "How do we meet across ages?",
        "language": "en",
        "ends_on": "2027-06-30",
        "m0-template": _template(IDEA_WORKSHOP).pk,
        "m0-place": "Nordby",
        "m1-template": _template(REFINEMENT).pk,
        "m1-held_on": "2027-03-01",
    }
    response = staff_client.post(reverse("processes:new"), data)
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:detail", args=[process.pk])
    detail = staff_client.get(response["Location"]).content.decode()
    assert "Idea workshop, Nordby" in detail and "Refinement workshop" in detail
    assert "Carry ideas forward" in detail


def test_a_bad_process_form_keeps_what_was_typed(staff_client):
    data = {
        "title": "Fællesskaber",
        "challenge": "",
        "language": "en",
        "starts_on": "2027-06-30",
        "ends_on": "2027-01-01",
        "m0-template": _template(IDEA_WORKSHOP).pk,
        "m0-place": "Nordby",
    }
    response = staff_client.post(reverse("processes:new"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Fællesskaber"' in html and 'value="Nordby"' in html
    assert not Process.objects.exists()
    data["challenge"] = "How?"
    response = staff_client.post(reverse("processes:new"), data)
    assert response.status_code == 400
    assert "The process cannot end before it starts." in response.content.decode()
    assert not Process.objects.exists()


def test_carry_ideas_through_the_carry_screen(staff_client):
    staff_client.post(
        reverse("processes:new"),
        {
            "title": "P",
            "challenge": "C?",
            "language": "en",
            "m0-template": _template(IDEA_WORKSHOP).pk,
            "m0-place": "Nordby",
            "m1-template": _template(REFINEMENT).pk,
        },
    )
    process = Process.objects.get()
    first, second = process_meetings(process)
    idea = Idea.objects.create(workshop=first.workshop, title="Walk & talk", text="<b>x</b>")
    url = reverse("processes:meeting_carry", args=[process.pk, second.pk])
    page = staff_client.get(url).content.decode()
    assert "Walk &amp; talk" in page
    response = staff_client.post(url, {"ideas": [str(idea.pk)]})
    assert response.status_code == 302
    carried = CarriedIdea.objects.get(source=idea)
    assert carried.idea.workshop == second.workshop
    assert "from “Idea workshop, Nordby” in Nordby" in staff_client.get(url).content.decode()
    empty = staff_client.post(url, {})
    assert empty.status_code == 400
    assert "Choose at least one theme or idea" in empty.content.decode()
    catalogue = staff_client.get(reverse("processes:catalogue", args=[process.pk]))
    assert catalogue.status_code == 200
    assert "From “Idea workshop, Nordby” in Nordby" in catalogue.content.decode()
    md = staff_client.get(reverse("processes:catalogue_download", args=[process.pk, "md"]))
    assert md.status_code == 200 and md["Content-Disposition"].startswith("attachment")


def test_templates_start_a_workshop_and_a_workshop_saves_as_a_template(staff_client):
    listing = staff_client.get(reverse("processes:templates") + "?language=sv").content.decode()
    assert "Idéverkstad med Open Space" in listing
    template = _template(IDEA_WORKSHOP, "sv")
    response = staff_client.post(
        reverse("processes:template_use", args=[template.pk]),
        {"title": "Idéverkstad i Rydsgård", "question": "Hur gör vi?", "meeting_type": "workshop"},
    )
    assert response.status_code == 302
    code = response["Location"].split("/")[2]
    saved = staff_client.post(
        reverse("processes:template_save", args=[code]), {"name": "Vår verkstad"}
    )
    assert saved.status_code == 302
    mine = MeetingTemplate.objects.get(name="Vår verkstad")
    assert mine.language == "sv" and not mine.builtin
    assert mine.setup["locations"] == ["Bord 1", "Bord 2", "Bord 3", "Bord 4"]
    assert mine.setup["phases"] == ["knowledge", "ideas", "clustering", "voting"]
    assert len(mine.setup["cards"]) == 3
    staff_client.post(reverse("processes:template_delete", args=[template.pk]))
    assert MeetingTemplate.objects.filter(pk=template.pk).exists()  # built-in: kept
    staff_client.post(reverse("processes:template_delete", args=[mine.pk]))
    assert not MeetingTemplate.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize("name", ["processes:list", "processes:new", "processes:templates"])
def test_only_staff_see_the_process_area(client, db, name):
    assert client.get(reverse(name)).status_code == 302  # to the sign-in page
    user = get_user_model().objects.create_user("facilitator", password="pw")
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403


def test_three_built_in_templates_in_each_language(db):
    for language in ("da", "sv", "en"):
        keys = set(
            MeetingTemplate.objects.filter(language=language)
            .exclude(key="")
            .values_list("key", flat=True)
        )
        assert keys == {"knowledge-meeting", "idea-workshop", "refinement-workshop"}


def test_another_staff_member_joins_a_meetings_facilitators_from_the_process(staff_client, db):
    staff_client.post(
        reverse("processes:new"),
        {
            "title": "P",
            "challenge": "C?",
            "language": "en",
            "m0-template": _template(IDEA_WORKSHOP).pk,
        },
    )
    process = Process.objects.get()
    (meeting,) = process_meetings(process)
    colleague = get_user_model().objects.create_user("colleague", password="pw", is_staff=True)
    staff_client.force_login(colleague)
    page = staff_client.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Facilitate this meeting" in page
    assert reverse("workshops:console", args=[meeting.workshop.join_code]) not in page
    response = staff_client.post(
        reverse("processes:meeting_facilitate", args=[process.pk, meeting.pk])
    )
    assert response["Location"] == reverse("workshops:console", args=[meeting.workshop.join_code])
    assert staff_client.get(response["Location"]).status_code == 200
