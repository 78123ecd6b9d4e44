"""A whole process: a knowledge meeting, two idea workshops and a refinement workshop, each
created from a built-in template, five ideas and a theme carried forward, one catalogue."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone

from ideas.exports import export_catalogue
from ideas.models import Idea, Theme, Vote, VotingRound
from processes.actions.carry import do_carry_forward
from processes.actions.processes import PlannedMeeting, do_add_meeting, do_create_process
from processes.builtin_templates import IDEA_WORKSHOP, KNOWLEDGE, REFINEMENT
from processes.catalogue import build_process_catalogue
from processes.models import CarriedIdea, CarriedTheme, MeetingTemplate
from processes.selectors import process_meetings
from tests.conftest import join
from tests.ideas.test_export_formats import SCHEMA, docx_text
from workshops.actions.base import ActionError, Actor
from workshops.actions.phase import do_change_phase
from workshops.models import Organisation, Participant
from workshops.phases import Phase
from workshops.screens import render_screen


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("planner", password="pw", is_staff=True)


def template(key: str, language: str = "en") -> MeetingTemplate:
    return MeetingTemplate.objects.get(key=key, language=language)


def vote(workshop, dots_by_item: dict, target="ideas"):
    """A revealed round in which one voter per dot put `dots` on each item (set-up only)."""
    now = timezone.now()
    voting_round = VotingRound.objects.create(
        workshop=workshop,
        number=VotingRound.objects.filter(workshop=workshop).count() + 1,
        target=target,
        budget=99,
        max_per_item=99,
        opened_at=now,
        closed_at=now,
        revealed_at=now,
    )
    voter, _token = join(workshop, f"Voter {target}", anonymous=True)
    for item, dots in dots_by_item.items():
        Vote.objects.create(
            round=voting_round,
            participant=voter,
            dots=dots,
            **({"idea": item} if target == "ideas" else {"theme": item}),
        )


def test_a_whole_process_from_templates_to_one_catalogue(staff):
    club = Organisation.objects.create(name="Nordby Boldklub", kind="sports_club")
    seniors = Organisation.objects.create(name="Ældresagen Nordby", kind="senior_association")
    culture = Organisation.objects.create(
        name="Kultur og Fritid", kind=Organisation.Kind.MUNICIPAL_DEPARTMENT
    )
    process = do_create_process(
        user=staff,
        title="Fællesskaber mod ensomhed",
        challenge="How do fewer older people end up lonely?",
        target_group="People over 65 living alone",
        owner_department=culture,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 6, 30),
        language="en",
        meetings=[
            PlannedMeeting(template(KNOWLEDGE), place="Town hall"),
            PlannedMeeting(template(IDEA_WORKSHOP), place="Nordby"),
            PlannedMeeting(template(IDEA_WORKSHOP), place="Sønderby"),
        ],
        base_url="http://testserver/",
    )
    refinement = do_add_meeting(
        user=staff,
        process=process,
        planned=PlannedMeeting(template(REFINEMENT), held_on=datetime.date(2027, 3, 1)),
    )
    knowledge, nordby, sonderby, _ = meetings = process_meetings(process)
    assert meetings[-1] == refinement
    assert [m.workshop.title for m in meetings] == [
        "Knowledge and framing meeting, Town hall",
        "Idea workshop, Nordby",
        "Idea workshop, Sønderby",
        "Refinement workshop",
    ]
    # Each meeting is set up as its template says: phases, cards, Open Space grid, voting.
    assert knowledge.workshop.phase_sequence == (
        Phase.LOBBY,
        Phase.KNOWLEDGE,
        Phase.IDEAS,
        Phase.CLOSED,
    )
    assert knowledge.workshop.cards.filter(kind="question").count() == 3
    assert nordby.workshop.use_spaces
    assert list(nordby.workshop.locations.values_list("name", flat=True))[:2] == [
        "Table 1",
        "Table 2",
    ]
    assert nordby.workshop.slots.count() == 2
    assert refinement.workshop.phase_sequence == (Phase.LOBBY, Phase.REFINEMENT, Phase.CLOSED)
    assert refinement.workshop.credit_participants
    assert not refinement.workshop.anonymous_allowed
    assert all(m.workshop.question == process.challenge for m in meetings)

    # People: Anna (the club) comes to three meetings, Bo (seniors) to two, Cai once.
    for meeting in (knowledge, nordby, refinement):
        join(meeting.workshop, "Anna", organisation_id=club.pk)
    for meeting in (nordby, sonderby):
        join(meeting.workshop, "Bo", organisation_id=seniors.pk, role="association")
    join(sonderby.workshop, "Cai", role="citizen")

    # The idea workshops produce ideas, a theme and revealed dots.
    n_ideas = [
        Idea.objects.create(workshop=nordby.workshop, title=f"Nordby {i}", text=f"Idea N{i}")
        for i in range(4)
    ]
    walks = Theme.objects.create(workshop=nordby.workshop, name="Walks and talks")
    Idea.objects.filter(pk__in=[n_ideas[0].pk, n_ideas[1].pk]).update(theme=walks)
    vote(nordby.workshop, {n_ideas[0]: 12, n_ideas[1]: 7, n_ideas[2]: 3, n_ideas[3]: 0})
    vote(nordby.workshop, {walks: 9}, target="themes")
    s_ideas = [
        Idea.objects.create(workshop=sonderby.workshop, title=f"Sønderby {i}", text=f"Idea S{i}")
        for i in range(3)
    ]
    vote(sonderby.workshop, {s_ideas[0]: 8, s_ideas[1]: 4})

    # Carry the theme (with its two ideas) and three more ideas: five ideas and a theme.
    new_ideas, new_themes = do_carry_forward(
        user=staff,
        meeting=refinement,
        theme_ids=[walks.pk],
        idea_ids=[n_ideas[2].pk, s_ideas[0].pk, s_ideas[1].pk, n_ideas[0].pk],
    )
    assert len(new_ideas) == 5 and len(new_themes) == 1
    target = refinement.workshop
    assert Idea.objects.filter(workshop=target).count() == 5
    copied_walks = Theme.objects.get(workshop=target)
    assert copied_walks.name == "Walks and talks"
    assert set(copied_walks.ideas.values_list("title", flat=True)) == {"Nordby 0", "Nordby 1"}
    # Provenance both ways.
    assert n_ideas[0].carried_to.get().idea.workshop == target
    origin = CarriedIdea.objects.get(idea__workshop=target, source=n_ideas[0])
    assert (origin.source_meeting, origin.source_place, origin.dots) == (
        "Idea workshop, Nordby",
        "Nordby",
        12,
    )
    assert CarriedTheme.objects.get(theme=copied_walks).dots == 9
    assert walks.carried_to.get().theme == copied_walks
    # Carrying again adds nothing.
    assert do_carry_forward(user=staff, meeting=refinement, idea_ids=[n_ideas[2].pk]) == ([], [])
    # The carried ideas can be refined further, like any idea of the meeting.
    Idea.objects.filter(pk=origin.idea_id).update(text="Idea N0, refined")

    catalogue = build_process_catalogue(process)
    assert [w.title for w in catalogue.workshops] == [m.workshop.title for m in meetings]
    assert catalogue.idea_count == 4 + 3 + 5
    origins = {idea.id: idea.origin for _theme, idea in catalogue.all_ideas}
    assert origins[origin.idea_id] == "From “Idea workshop, Nordby” in Nordby, 12 dots"
    carried_s0 = CarriedIdea.objects.get(idea__workshop=target, source=s_ideas[0]).idea_id
    assert origins[carried_s0] == "From “Idea workshop, Sønderby” in Sønderby, 8 dots"
    assert sum(1 for text in origins.values() if text) == 5
    # Each person once: Anna, Bo, Cai, and the three anonymous voters (volunteers).
    participation = catalogue.participation
    assert participation.people == 6
    assert participation.organisations == 2
    roles = {row.role: row.count for row in participation.by_role}
    assert roles == {"volunteer": 4, "association": 1, "citizen": 1}
    # Named only because the refinement workshop credits people by name.
    assert participation.participant_names == ["Anna"]
    assert Participant.objects.filter(workshop__meeting__process=process).count() == 9

    origin_line = "From “Idea workshop, Nordby” in Nordby, 12 dots"
    html = export_catalogue(catalogue, "html").content.decode()
    assert origin_line in html
    assert "Idea N0, refined" in html
    assert origin_line in export_catalogue(catalogue, "md").content.decode()
    assert origin_line in docx_text(export_catalogue(catalogue, "docx").content)
    data = json.loads(export_catalogue(catalogue, "json").content)
    jsonschema.validate(data, SCHEMA)
    carried = [i for t in data["themes"] for i in t["ideas"] if i["origin"]]
    carried += [i for i in data["unsorted_ideas"] if i["origin"]]
    assert len(carried) == 5
    assert data["participation"]["people"] == 6


def test_only_earlier_meetings_of_the_same_process_can_be_carried(staff):
    process = do_create_process(
        user=staff,
        title="P",
        challenge="C?",
        language="en",
        meetings=[PlannedMeeting(template(IDEA_WORKSHOP)), PlannedMeeting(template(REFINEMENT))],
    )
    first, second = process_meetings(process)
    later_idea = Idea.objects.create(workshop=second.workshop, text="later")
    other = do_create_process(
        user=staff,
        title="Q",
        challenge="C?",
        language="en",
        meetings=[PlannedMeeting(template(IDEA_WORKSHOP))],
    )
    stranger = Idea.objects.create(workshop=process_meetings(other)[0].workshop, text="x")
    for idea in (later_idea, stranger):
        with pytest.raises(ActionError):
            do_carry_forward(user=staff, meeting=second, idea_ids=[idea.pk])
    with pytest.raises(ActionError):
        do_carry_forward(user=staff, meeting=first, idea_ids=[later_idea.pk])
    not_staff = get_user_model().objects.create_user("someone", password="pw")
    mine = Idea.objects.create(workshop=first.workshop, text="mine")
    with pytest.raises(ActionError):
        do_carry_forward(user=not_staff, meeting=second, idea_ids=[mine.pk])
    assert not CarriedIdea.objects.exists()


def test_a_carried_idea_says_where_it_came_from_on_the_meetings_screens(staff):
    process = do_create_process(
        user=staff,
        title="P",
        challenge="C?",
        language="en",
        meetings=[
            PlannedMeeting(template(IDEA_WORKSHOP), place="Nordby"),
            PlannedMeeting(template(REFINEMENT)),
        ],
    )
    first, second = process_meetings(process)
    author, _token = join(first.workshop, "Maja")
    idea = Idea.objects.create(workshop=first.workshop, author=author, text="Walk and talk")
    vote(first.workshop, {idea: 4})
    do_carry_forward(user=staff, meeting=second, idea_ids=[idea.pk])
    # The refinement workshop goes straight from the lobby to refinement, where the facilitator
    # can promote the carried idea.
    workshop = do_change_phase(
        actor=Actor.for_facilitator(staff), workshop=second.workshop, target="refinement"
    )
    assert "Walk and talk" in render_screen(workshop, "facilitator")
    carried = Idea.objects.get(workshop=workshop)
    html = render_to_string(
        "ideas/_idea.html", {"idea": carried, "workshop": workshop, "audience": "projector"}
    )
    assert "From “Idea workshop, Nordby” in Nordby, 4 dots" in html
    assert "Anonymous" not in html
    original = render_to_string(
        "ideas/_idea.html", {"idea": idea, "workshop": first.workshop, "audience": "projector"}
    )
    assert "Maja" in original and "From" not in original
