"""The dot budget holds under concurrency: many simultaneous dots from one participant (two
phones, a replayed queue) never exceed it. Real threads, each with its own database
connection, against whichever database DATABASE_URL selects (SQLite or PostgreSQL)."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection, connections

from ideas.actions.votes import do_cast_vote, do_close_voting
from ideas.models import Vote
from tests.conftest import join, make_workshop, set_phase
from tests.ideas.flow_helpers import add_ideas, dots_of, open_round_directly
from workshops.actions.base import ActionError, Actor
from workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 24


def cast_concurrently(workshop, participant, items, keys):
    """Cast one dot per key at the same moment from ATTEMPTS threads; returns the outcomes."""
    start = threading.Barrier(len(keys))

    def one(index):
        try:
            start.wait(timeout=10)
            actor = Actor.for_participant(participant)
            do_cast_vote(
                actor=actor,
                workshop=Workshop.objects.get(pk=workshop.pk),
                item_id=items[index % len(items)].pk,
                client_key=keys[index],
            )
            return "ok"
        except ActionError as refused:
            return refused.code
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=len(keys)) as pool:
        return list(pool.map(one, range(len(keys))))


@pytest.fixture
def concurrent_database(transactional_db, tmp_path):
    """On SQLite, a file database like production's: the in-memory test database shares one
    cache between threads, where a table lock fails at once ("database table is locked")
    instead of waiting its turn as IMMEDIATE transactions on a file do."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict
    original, keeper = settings_dict["NAME"], connection.connection
    connection.connection = None  # keeps the in-memory database alive; reconnect to the file
    settings_dict["NAME"] = str(tmp_path / "concurrent-votes.sqlite3")
    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        connections.close_all()
        settings_dict["NAME"] = original
        connection.connection = keeper


@pytest.fixture
def voting_setup(concurrent_database, facilitator):
    workshop = make_workshop(facilitator)
    participant, _token = join(workshop, "Anna")
    set_phase(workshop, "voting")
    items = add_ideas(workshop, "Fællesspisning", "Gå-hold", "Strikkecafé")
    voting_round = open_round_directly(workshop, budget=5, max_per_item=5)
    return workshop, participant, items, voting_round


def test_simultaneous_dots_never_exceed_the_budget(voting_setup):
    workshop, participant, items, voting_round = voting_setup
    outcomes = cast_concurrently(
        workshop, participant, items, [uuid.uuid4() for _ in range(ATTEMPTS)]
    )
    assert outcomes.count("ok") == 5, outcomes
    assert outcomes.count("budget") == ATTEMPTS - 5, outcomes  # refused cleanly, nothing else
    assert dots_of(participant, voting_round) == 5
    assert workshop.events.filter(kind="vote.cast").count() == 5


def test_a_replayed_dot_sent_many_times_at_once_counts_once(voting_setup):
    workshop, participant, items, voting_round = voting_setup
    key = uuid.uuid4()
    outcomes = cast_concurrently(workshop, participant, items[:1], [key] * 8)
    assert outcomes == ["ok"] * 8
    assert Vote.objects.get(round=voting_round).dots == 1
    assert workshop.events.filter(kind="vote.cast").count() == 1


def test_runs_on_the_configured_database():
    # Documents which backend this run used (see the module docstring for PostgreSQL).
    assert connection.vendor in {"sqlite", "postgresql"}


def test_no_dot_lands_after_the_round_closes(voting_setup, facilitator):
    """Dots hold the workshop row shared; closing takes it alone, so it waits for dots in
    flight and every later dot sees the round closed."""
    workshop, _anna, items, voting_round = voting_setup
    voters = [join(workshop, f"Voter {n}")[0] for n in range(12)]
    start = threading.Barrier(len(voters) + 1)

    def vote(participant):
        try:
            start.wait(timeout=10)
            for item in items:
                do_cast_vote(
                    actor=Actor.for_participant(participant),
                    workshop=Workshop.objects.get(pk=workshop.pk),
                    item_id=item.pk,
                    client_key=uuid.uuid4(),
                )
            return "ok"
        except ActionError as refused:
            return refused.code
        finally:
            connections.close_all()

    def close():
        try:
            start.wait(timeout=10)
            do_close_voting(actor=Actor.for_facilitator(facilitator), workshop=workshop)
            return "closed"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(voters) + 1) as pool:
        futures = [pool.submit(vote, voter) for voter in voters] + [pool.submit(close)]
        outcomes = [future.result() for future in futures]
    assert "closed" in outcomes
    assert set(outcomes) <= {"ok", "not_open", "wrong_phase", "closed"}, outcomes
    closed_at = workshop.events.get(kind="voting.closed").pk
    assert not workshop.events.filter(kind="vote.cast", pk__gt=closed_at).exists()
    stored = sum(vote.dots for vote in Vote.objects.filter(round=voting_round))
    assert stored == workshop.events.filter(kind="vote.cast").count()
