"""`export_workshop` then `import_workshop` gives back the same workshop, row by row and field by
field: ideas, votes, themes, spaces, initiatives, milestones, cards, participants, the
organisations they name and the event log, with every reference pointing at the moved rows."""

from __future__ import annotations

import datetime
import io
import json
import uuid

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from ideas.actions.ideas import do_delete_idea, do_submit_idea
from ideas.actions.initiatives import do_comment_initiative, do_join_initiative
from ideas.actions.themes import do_move_idea
from ideas.actions.votes import do_cast_vote, do_open_voting
from ideas.models import Idea, Initiative, InitiativeComment, Theme
from realtime.events import record_event
from realtime.models import WorkshopEvent
from registrations.models import Invitation, Registration
from tests.conftest import join, set_phase
from tests.ideas.catalogue_fixtures import build_fixture
from workshops.actions.base import Actor, lock_workshop
from workshops.actions.privacy import do_delete_my_contributions, do_forget_my_name
from workshops.actions.spaces import do_configure_spaces, do_join_space, do_propose_space
from workshops.models import Organisation, Participant, Space, StrategicGoal, Workshop
from workshops.transfer import schema
from workshops.transfer.payloads import ID_KEYS, ID_LIST_KEYS

pytestmark = pytest.mark.django_db


def lived_in_workshop(facilitator) -> Workshop:
    """The catalogue tests' workshop, then a day of real actions on top (so the event log
    holds the payloads the app really writes)."""
    fixture = build_fixture(facilitator, use_spaces=True)
    workshop = fixture.workshop
    host = Actor.for_facilitator(facilitator)
    karen = Participant.objects.get(workshop=workshop, display_name="Karen Holm")
    me = Actor.for_participant(karen)
    newcomer, _token = join(workshop, "Ny Deltager", new_organisation="Foreningen Forslag")

    do_configure_spaces(actor=host, workshop=workshop, op="add_location", name="Bord 1")
    do_configure_spaces(actor=host, workshop=workshop, op="add_slot", name="10:00")
    set_phase(workshop, "ideas")
    space, _created = do_propose_space(
        actor=me, workshop=workshop, topic="Kaffe og kortspil", client_key=uuid.uuid4()
    )
    do_join_space(actor=Actor.for_participant(newcomer), workshop=workshop, space_id=space.pk)
    newcomer.refresh_from_db()
    idea, _created = do_submit_idea(
        actor=Actor.for_participant(newcomer),
        workshop=workshop,
        title="Lektiecafé",
        text="Ældre hjælper skolebørn med lektier i biblioteket.",
        client_key=uuid.uuid4(),
    )
    doomed, _created = do_submit_idea(
        actor=me, workshop=workshop, text="Fortrudt idé", client_key=uuid.uuid4()
    )
    do_delete_idea(actor=me, workshop=workshop, idea_id=doomed.pk)
    leaver = Actor.for_participant(join(workshop, "Går Igen")[0])
    do_submit_idea(actor=leaver, workshop=workshop, text="Trækkes tilbage", client_key=None)
    do_delete_my_contributions(actor=leaver, workshop=workshop)
    do_forget_my_name(actor=leaver, workshop=workshop)

    set_phase(workshop, "clustering")
    theme = Theme.objects.get(workshop=workshop, name="Mødesteder")
    do_move_idea(actor=host, workshop=workshop, idea_id=idea.pk, theme_id=theme.pk)
    with transaction.atomic():
        # What accepting a clustering suggestion records (ideas/actions/suggestions.py).
        record_event(
            lock_workshop(workshop.pk),
            "theme.suggestion_accepted",
            actor=host,
            payload={
                "suggestion_seq": 3,
                "key": "1",
                "theme_id": theme.pk,
                "previous": {str(idea.pk): [None, 0]},
            },
        )

    set_phase(workshop, "voting")
    voting_round = do_open_voting(actor=host, workshop=workshop, budget=4, max_per_item=2)
    do_cast_vote(actor=me, workshop=workshop, item_id=idea.pk, client_key=uuid.uuid4())

    set_phase(workshop, "refinement")
    initiative = fixture.initiative
    do_join_initiative(actor=me, workshop=workshop, initiative_id=initiative.pk)
    do_comment_initiative(
        actor=me, workshop=workshop, initiative_id=initiative.pk, text="Jeg tager kaffe med."
    )
    initiative.field_editors = {"title": "Karen Holm"}
    initiative.save()
    invitation = Invitation.objects.create(
        workshop=workshop,
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=3),
        place="Nordby Bibliotek",
        address="Torvet 1",
        registration_deadline=timezone.now(),
        contact_name="Lise",
    )
    Registration.objects.create(
        invitation=invitation,
        name="Ny Deltager",
        organisation=newcomer.organisation,
        role="citizen",
        email="ny@example.org",
        consented_at=timezone.now(),
        status=Registration.Status.CONFIRMED,
        participant=newcomer,
    )
    assert voting_round.pk
    workshop.refresh_from_db()
    return workshop


def export(code: str, path) -> dict:
    call_command("export_workshop", code, "--output", str(path), stderr=io.StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def import_(path) -> str:
    out = io.StringIO()
    call_command("import_workshop", str(path), stdout=out)
    return out.getvalue()


def rows_of(workshop: Workshop, table: schema.Table) -> list:
    return list(table.model.objects.filter(**{table.workshop_lookup: workshop}).order_by("pk"))


def id_maps(original: Workshop, copy: Workshop) -> dict[str, dict[int, int]]:
    """Old id -> new id per table: rows are created in the order of their old ids."""
    maps = {}
    for table in schema.TABLES:
        old, new = rows_of(original, table), rows_of(copy, table)
        assert len(old) == len(new), table.label
        maps[table.label] = {a.pk: b.pk for a, b in zip(old, new, strict=True)}
    return maps


def same_reference(field, old_target_id, new_target_id, original, copy, maps) -> bool:
    kind = schema.relation_kind(field)
    if kind == schema.OWN:
        label = field.related_model._meta.label_lower
        return new_target_id == maps[label].get(old_target_id)
    if kind == schema.WORKSHOP:
        return (old_target_id, new_target_id) in {(original.pk, copy.pk), (None, None)}
    return old_target_id == new_target_id  # the same shared row: one database here


def assert_rows_equal(old, new, original, copy, maps, *, skip=()) -> None:
    model = type(old)
    for field in schema.row_fields(model):
        if field.name in skip:
            continue
        a, b = getattr(old, field.attname), getattr(new, field.attname)
        if field.is_relation:
            assert same_reference(field, a, b, original, copy, maps), (model, field.name, a, b)
        elif not (model is WorkshopEvent and field.name == "payload"):
            assert a == b, (model.__name__, field.name, a, b)
    for field in schema.many_fields(model):
        a = {t.pk for t in getattr(old, field.name).all()}
        b = {t.pk for t in getattr(new, field.name).all()}
        if schema.relation_kind(field) == schema.OWN:
            a = {maps[field.related_model._meta.label_lower][pk] for pk in a}
        assert a == b, (model.__name__, field.name)


def test_every_model_that_belongs_to_a_workshop_travels():
    """A model added later that hangs off a workshop must be added to the export."""
    carried = schema.TABLE_MODELS | {Workshop}
    not_moved = {
        # Belongs to the installation that published it.
        "ideas.publishedcatalogue",
        # A process links several meetings (workshops) of one installation, and what was
        # carried from one to the next; one workshop moved alone leaves its process behind.
        "processes.meeting",
        "processes.carriedidea",
        "processes.carriedtheme",
    }
    for model in apps.get_models():
        if model in carried or model._meta.label_lower in not_moved or model._meta.auto_created:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in carried:
                assert model is Organisation, f"{model._meta.label} is not exported"


def test_round_trip_gives_back_every_row_field_by_field(facilitator, tmp_path):
    original = lived_in_workshop(facilitator)
    document = export(original.join_code, tmp_path / "ws.json")
    assert document["format"] == "samskab.workshop"

    message = import_(tmp_path / "ws.json")
    copy = Workshop.objects.exclude(pk=original.pk).get(title=original.title)
    # The original is still open here, so the copy needs a code of its own, and says so.
    assert copy.join_code != original.join_code
    assert f"new join code {copy.join_code}" in message
    assert_rows_equal(original, copy, original, copy, {}, skip={"join_code"})
    assert set(copy.facilitators.all()) == {facilitator}

    maps = id_maps(original, copy)
    for table in schema.TABLES:
        # Same database: what must be unique here was taken, so it was made afresh.
        skip = {"token_hash", "token", "slug"}
        for old, new in zip(rows_of(original, table), rows_of(copy, table), strict=True):
            assert_rows_equal(old, new, original, copy, maps, skip=skip)
    # Same database, so the participants' tokens were taken: new ones, phones join again.
    assert not set(
        Participant.objects.filter(workshop=copy).values_list("token_hash", flat=True)
    ) & set(Participant.objects.filter(workshop=original).values_list("token_hash", flat=True))

    # The ids inside the event log name the moved rows.
    new_idea = Idea.objects.get(workshop=copy, title="Lektiecafé")
    old_idea = Idea.objects.get(workshop=original, title="Lektiecafé")
    events = {e.kind: e for e in WorkshopEvent.objects.filter(workshop=copy)}
    assert events["idea.submitted"].payload["idea_id"] in {new_idea.pk, None}
    submitted = WorkshopEvent.objects.filter(workshop=copy, kind="idea.submitted")
    assert new_idea.pk in {e.payload["idea_id"] for e in submitted}
    assert events["idea.deleted"].payload["idea_id"] is None  # that idea is gone: no stray id
    moved = events["idea.moved"].payload
    assert moved["idea_id"] == new_idea.pk
    assert moved["to_theme_id"] == new_idea.theme_id
    vote = events["vote.cast"].payload
    assert vote["item_id"] == new_idea.pk
    assert vote["mine"] == {str(new_idea.pk): 1}
    assert vote["round_id"] == new_idea.vote_set.get().round_id
    assert (
        vote["participant_id"]
        == Participant.objects.get(workshop=copy, display_name="Karen Holm").pk
    )
    accepted = events["theme.suggestion_accepted"].payload
    assert accepted["previous"] == {str(new_idea.pk): [None, 0]}
    assert accepted["theme_id"] == new_idea.theme_id
    joined = events["space.joined"].payload
    assert joined["space_id"] == Space.objects.get(workshop=copy, topic="Kaffe og kortspil").pk
    comment = events["initiative.commented"].payload if "initiative.commented" in events else None
    if comment:
        assert comment["comment_id"] == InitiativeComment.objects.get(initiative__workshop=copy).pk
    for old_event, new_event in zip(
        rows_of(original, schema.TABLES[-1]), rows_of(copy, schema.TABLES[-1]), strict=True
    ):
        assert set(old_event.payload) == set(new_event.payload)
        for key, value in old_event.payload.items():
            if (
                key not in ID_KEYS
                and key not in ID_LIST_KEYS
                and key not in {"item_id", "mine", "previous", "suggestions", "publication_id"}
            ):
                assert new_event.payload[key] == value, (old_event.kind, key)
    assert old_idea.pk != new_idea.pk


def test_every_id_in_the_event_log_is_known_to_the_import(facilitator, tmp_path):
    """A new event whose payload carries an id under a new key must teach payloads.py the key."""
    workshop = lived_in_workshop(facilitator)
    known = set(ID_KEYS) | set(ID_LIST_KEYS) | {"item_id", "publication_id"}

    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    for event in WorkshopEvent.objects.filter(workshop=workshop):
        for key in keys(event.payload):
            if key.endswith(("_id", "_ids")):
                assert key in known, f"{event.kind}: {key}"


def test_import_keeps_the_code_when_it_is_free_and_the_phones_tokens(facilitator, tmp_path):
    original = lived_in_workshop(facilitator)
    code, title = original.join_code, original.title
    tokens = set(Participant.objects.filter(workshop=original).values_list("token_hash", flat=True))
    document = export(code, tmp_path / "ws.json")
    # As if on another installation: no such workshop, organisations or strategic goals.
    Workshop.objects.filter(pk=original.pk).delete()
    Organisation.objects.all().delete()
    StrategicGoal.objects.all().delete()

    message = import_(tmp_path / "ws.json")
    copy = Workshop.objects.get(title=title)
    assert copy.join_code == code
    assert f"join code {code}" in message and "new join code" not in message
    assert (
        set(Participant.objects.filter(workshop=copy).values_list("token_hash", flat=True))
        == tokens
    )
    assert copy.seq == document["workshop"]["seq"]
    assert copy.created_at.isoformat() == document["workshop"]["created_at"]
    karen = Participant.objects.get(workshop=copy, display_name="Karen Holm")
    assert karen.organisation.name == "Nordby Seniorklub" and karen.organisation.approved is False
    initiative = Initiative.objects.get(workshop=copy)
    assert sorted(initiative.actors.values_list("name", flat=True)) == [
        "Nordby Boldklub",
        "Nordby Seniorklub",
    ]
    assert initiative.strategic_goal.title == "Synlighed og netværk"
    registration = Registration.objects.get(invitation__workshop=copy)
    assert registration.token == document["tables"]["registrations.registration"][0]["token"]
    assert registration.participant.display_name == "Ny Deltager"
    assert registration.organisation.name == "Foreningen Forslag"
    # The organisation typed at joining came back as a proposal of this workshop.
    proposal = Organisation.objects.get(name="Foreningen Forslag")
    assert proposal.proposed_in == copy and not proposal.approved


def test_a_closed_workshop_keeps_its_code_even_if_an_open_one_uses_it(facilitator, tmp_path):
    original = lived_in_workshop(facilitator)
    Workshop.objects.filter(pk=original.pk).update(phase="closed", closed_at=timezone.now())
    export(original.join_code, tmp_path / "ws.json")
    import_(tmp_path / "ws.json")
    assert Workshop.objects.filter(join_code=original.join_code).count() == 2


def test_unknown_users_are_reported_and_left_out(facilitator, tmp_path):
    workshop = lived_in_workshop(facilitator)
    document = export(workshop.join_code, tmp_path / "ws.json")
    document["workshop"]["facilitators"] = ["nobody-here"]
    document["tables"]["ideas.milestone"][0]["author"] = "nobody-here"
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    message = import_(tmp_path / "edited.json")
    assert "nobody-here" in message
    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert not copy.facilitators.exists()


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("not json", "is not JSON"),
        ('{"format": "something else"}', "not a Samskab workshop export"),
        ('{"format": "samskab.workshop", "version": 99}', "version 99"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, content, complaint):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=complaint):
        import_(path)
    assert not Workshop.objects.exists()


def test_export_of_an_unknown_code_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="No workshop has the code"):
        export("ZZZZZZ", tmp_path / "x.json")


def test_dates_survive(facilitator, tmp_path):
    workshop = lived_in_workshop(facilitator)
    document = export(workshop.join_code, tmp_path / "ws.json")
    milestone = document["tables"]["ideas.milestone"][0]
    assert milestone["date"] == datetime.date(2025, 8, 15).isoformat()


def test_export_to_standard_output_takes_the_code_as_typed(facilitator):
    workshop = lived_in_workshop(facilitator)
    out = io.StringIO()
    call_command("export_workshop", workshop.join_code.lower(), stdout=out)
    assert json.loads(out.getvalue())["workshop"]["title"] == workshop.title


def test_export_to_a_place_that_cannot_be_written_says_so(facilitator, tmp_path):
    workshop = lived_in_workshop(facilitator)
    with pytest.raises(CommandError, match="Cannot write"):
        export(workshop.join_code, tmp_path / "missing" / "ws.json")
