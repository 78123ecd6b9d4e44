"""A workshop written for the catalogue tests, in Danish: themes, ideas with votes, an
anonymous idea, an initiative with a milestone, an Open Space report and knowledge cards."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from ideas.models import Idea, Initiative, Milestone, Theme, Vote, VotingRound
from tests.conftest import join, make_workshop
from workshops.models import KnowledgeCard, Organisation, Space, StrategicGoal, Workshop

FORMULA = '=HYPERLINK("http://angriber.example","Klik")'
SCRIPT = "<script>alert('ups')</script>"


@dataclass
class Fixture:
    workshop: Workshop
    initiative: Initiative
    ideas: dict[str, Idea]
    anonymous_name: str = "Skjult Sørensen"
    credited_name: str = "Karen Holm"


def close(workshop: Workshop) -> Workshop:
    Workshop.objects.filter(pk=workshop.pk).update(phase="closed", closed_at=timezone.now())
    workshop.refresh_from_db()
    return workshop


def build_fixture(facilitator, **workshop_settings) -> Fixture:
    workshop = make_workshop(
        facilitator,
        title="Fællesskab på tværs af generationer i Nordby",
        question="Hvordan skaber foreninger og kommune sammen flere mødesteder for ensomme ældre?",
        **workshop_settings,
    )
    karen, _ = join(workshop, "Karen Holm", role="volunteer", new_organisation="Nordby Seniorklub")
    jens, _ = join(workshop, "Jens Lund", role="association", new_organisation="Nordby Boldklub")
    mette, _ = join(workshop, "Mette Ravn", role="staff", new_organisation="Kultur og Fritid")
    hidden_person, _ = join(
        workshop,
        "Skjult Sørensen",
        anonymous=True,
        role="citizen",
        new_organisation="Hemmelig Strikkeklub",
    )

    KnowledgeCard.objects.create(
        workshop=workshop,
        kind="fact",
        title="Hver femte over 75 føler sig ensom",
        body="Tallet stammer fra kommunens egen sundhedsprofil.",
        author=mette,
    )
    KnowledgeCard.objects.create(
        workshop=workshop,
        kind="existing_activity",
        title="Torsdagscafé i kirkesalen",
        body="Menighedsrådet holder allerede åben café hver torsdag.",
        author=karen,
    )
    KnowledgeCard.objects.create(
        workshop=workshop, kind="fact", title="Skjult kort", body="Må ikke ses.", hidden=True
    )

    meeting = Theme.objects.create(workshop=workshop, name="Mødesteder", position=0)
    nature = Theme.objects.create(workshop=workshop, name="Bevægelse i naturen", position=1)
    space = Space.objects.create(
        workshop=workshop,
        topic="Gåture med snak",
        host=jens,
        report_key_points="Faste ruter og en fast mødetid gør det let at komme med.",
        report_who="Boldklubbens veteraner og hjemmeplejen",
        report_next_step="Prøve tre ture i september",
    )
    ideas = {
        "walk": Idea.objects.create(
            workshop=workshop,
            author=jens,
            theme=nature,
            space=space,
            title="Gåklub fra boldbanen",
            text="Veteranerne går en fast rute hver tirsdag og inviterer naboerne med.",
        ),
        "cafe": Idea.objects.create(
            workshop=workshop,
            author=karen,
            theme=meeting,
            title="Åben café i hallen",
            text="Hallens cafeteria holder åbent for kaffe og kortspil om formiddagen.",
        ),
        "secret": Idea.objects.create(
            workshop=workshop,
            author=hidden_person,
            theme=meeting,
            title="Spisevenner",
            text="Ældre der bor alene, parres med en nabo til aftensmad en gang om ugen.",
        ),
        "formula": Idea.objects.create(
            workshop=workshop,
            author=mette,
            theme=meeting,
            title=FORMULA,
            text=f"Farlig tekst {SCRIPT} med styretegn\x07 midt i.",
        ),
        "loose": Idea.objects.create(
            workshop=workshop,
            author=karen,
            title="Bedre busforbindelse",
            text="Flere afgange til aktivitetscentret om eftermiddagen.",
        ),
        "hidden": Idea.objects.create(
            workshop=workshop,
            author=karen,
            title="Skjult idé",
            text="Denne idé er skjult af facilitatoren.",
            hidden=True,
        ),
    }

    voting = VotingRound.objects.create(
        workshop=workshop, number=1, budget=5, max_per_item=3, revealed_at=timezone.now()
    )
    for participant, idea_key, dots in [
        (karen, "walk", 3),
        (jens, "walk", 2),
        (mette, "cafe", 2),
        (hidden_person, "secret", 2),
        (karen, "cafe", 1),
        (hidden_person, "formula", 1),
    ]:
        Vote.objects.create(round=voting, participant=participant, idea=ideas[idea_key], dots=dots)

    goal, _ = StrategicGoal.objects.get_or_create(number=2, title="Synlighed og netværk")
    owner, _ = get_user_model().objects.get_or_create(
        username="tovholder",
        defaults={"first_name": "Lise", "last_name": "Tovholder", "is_staff": True},
    )
    initiative = Initiative.objects.create(
        workshop=workshop,
        theme=nature,
        reference="N-1",
        title="Gåklub for alle generationer",
        intervention="Boldklubben og seniorklubben starter ugentlige gåture med kaffe bagefter.",
        purpose="At flere ældre får et fast fællesskab og mere bevægelse.",
        target_group="Ældre der bor alene",
        strategic_goal=goal,
        actors_text="Hjemmeplejen",
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2026, 6, 30),
        timeline_text="Efteråret 2025 og foråret 2026",
        example="I nabobyen går tyve seniorer sammen hver onsdag.",
        status=Initiative.Status.PLANNED,
        progress=20,
        owner=owner,
    )
    initiative.ideas.add(ideas["walk"])
    initiative.actors.add(
        Organisation.objects.get(name="Nordby Boldklub"),
        Organisation.objects.get(name="Nordby Seniorklub"),
    )
    Milestone.objects.create(
        initiative=initiative,
        date=datetime.date(2025, 8, 15),
        title="Første planlægningsmøde",
        text="Ruterne er valgt, og der er fundet to turledere.",
    )
    return Fixture(workshop=workshop, initiative=initiative, ideas=ideas)


def closed_fixture(facilitator) -> Fixture:
    """The fixture workshop, closed: the usual state of a workshop whose catalogue is shared."""
    fixture = build_fixture(facilitator)
    close(fixture.workshop)
    return fixture


def make_staff_user():
    return get_user_model().objects.create_user(
        "medarbejder", password="pw-for-tests-only", is_staff=True
    )
