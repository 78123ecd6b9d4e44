"""Building the catalogue: votes and ranks, privacy, hidden items, series and bad input."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ideas.catalogue import CatalogueError, build_catalogue, rank_by_votes, resolve_workshops
from ideas.models import Idea, Theme, Vote, VotingRound
from tests.conftest import join, make_workshop
from tests.ideas.catalogue_fixtures import build_fixture, close, closed_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_fixture(facilitator):
    return closed_fixture(facilitator)


def _ideas_by_title(catalogue):
    return {idea.title: idea for _theme, idea in catalogue.all_ideas}


def test_ranks_share_ties_and_skip():
    assert rank_by_votes({1: 5, 2: 3, 3: 3, 4: 0}) == {1: 1, 2: 2, 3: 2, 4: 4}
    assert rank_by_votes({}) == {}


def test_themes_ideas_votes_and_ranks(catalogue_fixture):
    catalogue = build_catalogue([catalogue_fixture.workshop])
    assert [theme.name for theme in catalogue.themes] == ["Mødesteder", "Bevægelse i naturen"]
    meeting = catalogue.themes[0]
    # Ordered by votes within the theme
    assert [idea.title for idea in meeting.ideas][:2] == ["Åben café i hallen", "Spisevenner"]
    ideas = _ideas_by_title(catalogue)
    assert ideas["Gåklub fra boldbanen"].votes == 5
    assert ideas["Gåklub fra boldbanen"].rank == 1
    assert ideas["Åben café i hallen"].votes == 3
    assert ideas["Bedre busforbindelse"].votes == 0
    assert ideas["Bedre busforbindelse"].rank == 5
    assert [idea.title for idea in catalogue.unsorted_ideas] == ["Bedre busforbindelse"]


def test_idea_links_forward_to_its_initiative(catalogue_fixture):
    catalogue = build_catalogue([catalogue_fixture.workshop])
    walk = _ideas_by_title(catalogue)["Gåklub fra boldbanen"]
    assert [(link.reference, link.status) for link in walk.initiatives] == [("N-1", "planned")]
    initiative = catalogue.initiatives[0]
    assert initiative.ideas[0].title == "Gåklub fra boldbanen"
    assert initiative.milestones[0].title == "Første planlægningsmøde"
    assert initiative.actors == ["Nordby Boldklub", "Nordby Seniorklub"]
    assert catalogue.themes[1].examples == ["I nabobyen går tyve seniorer sammen hver onsdag."]


def test_hidden_ideas_and_cards_are_left_out(catalogue_fixture):
    catalogue = build_catalogue([catalogue_fixture.workshop])
    assert "Skjult idé" not in _ideas_by_title(catalogue)
    assert "Skjult kort" not in [card.title for card in catalogue.cards]
    assert len(catalogue.cards) == 2


def test_participation_summary(catalogue_fixture):
    people = build_catalogue([catalogue_fixture.workshop]).participation
    assert people.people == 4
    assert people.organisations == 4
    assert {row.role: row.count for row in people.by_role} == {
        "citizen": 1,
        "volunteer": 1,
        "association": 1,
        "staff": 1,
    }
    # The anonymous participant's organisation is counted but not named.
    assert "Hemmelig Strikkeklub" not in people.organisation_names
    assert "Nordby Boldklub" in people.organisation_names


def test_names_absent_by_default_organisations_credited(catalogue_fixture):
    catalogue = build_catalogue([catalogue_fixture.workshop])
    assert catalogue.participation.participant_names == []
    walk = _ideas_by_title(catalogue)["Gåklub fra boldbanen"]
    assert walk.credit == "Nordby Boldklub"
    assert "Jens Lund" not in walk.credit


def test_names_present_when_credited(facilitator):
    fixture = build_fixture(facilitator, credit_participants=True)
    catalogue = build_catalogue([fixture.workshop])
    assert "Karen Holm" in catalogue.participation.participant_names
    assert _ideas_by_title(catalogue)["Gåklub fra boldbanen"].credit == "Jens Lund, Nordby Boldklub"
    assert catalogue.spaces[0].host == "Jens Lund, Nordby Boldklub"
    # ...but never the anonymous participant
    assert fixture.anonymous_name not in catalogue.participation.participant_names
    assert _ideas_by_title(catalogue)["Spisevenner"].credit == ""


def test_running_workshop_is_exported_and_says_so(facilitator):
    fixture = build_fixture(facilitator)
    catalogue = build_catalogue([fixture.workshop])
    assert catalogue.running
    assert any("still running" in notice for notice in catalogue.notices)


def test_empty_workshop_says_it_has_no_ideas(facilitator):
    workshop = close(make_workshop(facilitator, title="Tom workshop"))
    catalogue = build_catalogue([workshop])
    assert catalogue.idea_count == 0
    assert any("no ideas yet" in notice for notice in catalogue.notices)
    assert catalogue.participation.people == 0


def test_only_revealed_rounds_count(facilitator):
    workshop = make_workshop(facilitator)
    anna, _ = join(workshop, "Anna")
    idea = Idea.objects.create(workshop=workshop, author=anna, text="Fælles morgenkaffe")
    revealed = VotingRound.objects.create(
        workshop=workshop, number=1, budget=3, max_per_item=3, revealed_at=timezone.now()
    )
    Vote.objects.create(round=revealed, participant=anna, idea=idea, dots=1)
    catalogue = build_catalogue([workshop])
    assert catalogue.unsorted_ideas[0].votes == 1
    assert not catalogue.workshops[0].votes_provisional
    # A later round that is not revealed yet does not replace the revealed one.
    later = VotingRound.objects.create(workshop=workshop, number=2, budget=3, max_per_item=3)
    Vote.objects.create(round=later, participant=anna, idea=idea, dots=3)
    assert build_catalogue([workshop]).unsorted_ideas[0].votes == 1
    # With no revealed round at all, totals stay hidden, as on the screens.
    VotingRound.objects.filter(pk=revealed.pk).update(revealed_at=None)
    catalogue = build_catalogue([workshop])
    assert not catalogue.unsorted_ideas[0].votes
    assert catalogue.workshops[0].votes_provisional
    assert any("not been revealed" in notice for notice in catalogue.notices)


def test_no_voting_round_means_no_votes(facilitator):
    workshop = make_workshop(facilitator)
    Idea.objects.create(workshop=workshop, text="Bænke ved søen")
    idea = build_catalogue([workshop]).unsorted_ideas[0]
    assert idea.votes is None and idea.rank is None


def test_series_merges_themes_with_the_same_name(facilitator, catalogue_fixture):
    second = make_workshop(facilitator, title="Opfølgning i Sydby")
    theme = Theme.objects.create(workshop=second, name="mødesteder")
    Idea.objects.create(workshop=second, theme=theme, text="Lokal spisning i skolens kantine")
    catalogue = build_catalogue([catalogue_fixture.workshop, second], title="Nordby og Sydby")
    assert catalogue.title == "Nordby og Sydby"
    assert [theme.name for theme in catalogue.themes] == ["Mødesteder", "Bevægelse i naturen"]
    assert "Lokal spisning i skolens kantine" in [i.text for i in catalogue.themes[0].ideas]
    assert len(catalogue.workshops) == 2


def test_unknown_codes_are_named(catalogue_fixture):
    with pytest.raises(CatalogueError) as refused:
        resolve_workshops([catalogue_fixture.workshop.join_code, "QQQQQQ", "ZZZ"])
    assert "QQQQQQ" in refused.value.message and "ZZZ" in refused.value.message
    assert resolve_workshops([catalogue_fixture.workshop.join_code.lower()]) == [
        catalogue_fixture.workshop
    ]


def test_control_characters_are_stripped(catalogue_fixture):
    catalogue = build_catalogue([catalogue_fixture.workshop])
    text = _ideas_by_title(catalogue)[catalogue_fixture.ideas["formula"].title].text
    assert "\x07" not in text
    assert "<script>" in text  # kept as text; every renderer escapes it
