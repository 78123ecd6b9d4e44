"""Clustering actions: themes, moving ideas, participants' suggestions, suggested groups."""

import pytest

from ideas.actions import suggestions, themes
from ideas.actions.ideas import do_set_idea_hidden
from ideas.models import Idea, Theme
from realtime.models import WorkshopEvent
from tests.conftest import join, set_phase
from workshops.actions.base import ActionError, Actor
from workshops.screens import render_screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(facilitator):
    return Actor.for_facilitator(facilitator)


@pytest.fixture
def board(workshop):
    set_phase(workshop, "clustering")
    return workshop


def idea(workshop, author, text, **fields):
    return Idea.objects.create(workshop=workshop, author=author, text=text, **fields)


def column(workshop, theme=None):
    return [
        i.text
        for i in Idea.objects.filter(workshop=workshop, theme=theme).order_by("position", "pk")
    ]


def manage(boss, workshop, op, **fields):
    return themes.do_manage_theme(actor=boss, workshop=workshop, op=op, **fields)


def test_create_rename_reorder_and_refuse_duplicates(board, boss):
    food = manage(boss, board, "create", name="Mad")
    walk = manage(boss, board, "create", name="  Gåture  ")
    assert walk.name == "Gåture"
    manage(boss, board, "rename", theme_id=food.pk, name="Mad og fællesskab")
    assert Theme.objects.get(pk=food.pk).name == "Mad og fællesskab"
    with pytest.raises(ActionError) as duplicate:
        manage(boss, board, "create", name="gåture")
    assert duplicate.value.field == "name"
    with pytest.raises(ActionError):
        manage(boss, board, "create", name="")
    manage(boss, board, "reorder", theme_id=walk.pk, direction="earlier")
    assert [t.name for t in Theme.objects.filter(workshop=board)] == ["Gåture", "Mad og fællesskab"]
    manage(boss, board, "reorder", theme_id=walk.pk, position=5)
    assert [t.name for t in Theme.objects.filter(workshop=board)] == ["Mad og fællesskab", "Gåture"]
    assert WorkshopEvent.objects.filter(kind="board.changed").count() == 5


def test_merge_and_delete_keep_every_idea(board, boss):
    anna, _ = join(board, "Anna")
    food = manage(boss, board, "create", name="Mad")
    meals = manage(boss, board, "create", name="Måltider")
    one = idea(board, anna, "Fællesspisning", theme=food)
    two = idea(board, anna, "Madklub", theme=meals)
    manage(boss, board, "merge", theme_id=meals.pk, into_id=food.pk)
    assert not Theme.objects.filter(pk=meals.pk).exists()
    assert column(board, food) == ["Fællesspisning", "Madklub"]
    manage(boss, board, "delete", theme_id=food.pk)
    assert set(column(board)) == {"Fællesspisning", "Madklub"}
    assert Idea.objects.filter(pk__in=[one.pk, two.pk]).count() == 2
    with pytest.raises(ActionError):
        manage(boss, board, "merge", theme_id=999, into_id=food.pk)


def test_move_between_themes_with_position_and_back_to_unsorted(board, boss):
    anna, _ = join(board, "Anna")
    food = manage(boss, board, "create", name="Mad")
    a, b, c = (idea(board, anna, text) for text in ("A", "B", "C"))
    for one in (a, b):
        themes.do_move_idea(actor=boss, workshop=board, idea_id=one.pk, theme_id=food.pk)
    assert column(board, food) == ["A", "B"]
    themes.do_move_idea(actor=boss, workshop=board, idea_id=c.pk, theme_id=food.pk, position=0)
    assert column(board, food) == ["C", "A", "B"]
    themes.do_move_idea(actor=boss, workshop=board, idea_id=b.pk, theme_id=food.pk, position=1)
    assert column(board, food) == ["C", "B", "A"]
    themes.do_move_idea(actor=boss, workshop=board, idea_id=c.pk, theme_id=None)
    assert column(board, food) == ["B", "A"] and column(board) == ["C"]
    event = WorkshopEvent.objects.filter(kind="idea.moved").last()
    assert event.payload == {"idea_id": c.pk, "from_theme_id": food.pk, "to_theme_id": None}


def test_participant_suggests_theme_and_facilitator_accepts_or_overrides(board, boss):
    anna, _ = join(board, "Anna")
    bo, _ = join(board, "Bo")
    mine = idea(board, anna, "Fællesspisning")
    other = idea(board, anna, "Gåtur")
    as_anna = Actor.for_participant(anna)
    themes.do_suggest_idea_theme(actor=as_anna, workshop=board, idea_id=mine.pk, name=" Mad ")
    themes.do_suggest_idea_theme(actor=as_anna, workshop=board, idea_id=other.pk, name="Motion")
    with pytest.raises(ActionError) as not_yours:
        themes.do_suggest_idea_theme(
            actor=Actor.for_participant(bo), workshop=board, idea_id=mine.pk, name="X"
        )
    assert not_yours.value.code == "forbidden"
    assert Idea.objects.get(pk=mine.pk).suggested_theme == "Mad"
    console = render_screen(board, "facilitator")
    assert "Mad" in console and 'name="theme_name"' in console
    # Accept: the theme is created and the idea moves there.
    themes.do_move_idea(
        actor=boss, workshop=board, idea_id=mine.pk, theme_id=None, theme_name="Mad"
    )
    accepted = Idea.objects.get(pk=mine.pk)
    assert accepted.theme.name == "Mad" and accepted.suggested_theme == ""
    # Override: moved elsewhere, the suggestion is settled too.
    walks = manage(boss, board, "create", name="Natur")
    themes.do_move_idea(actor=boss, workshop=board, idea_id=other.pk, theme_id=walks.pk)
    overridden = Idea.objects.get(pk=other.pk)
    assert overridden.theme_id == walks.pk and overridden.suggested_theme == ""


def test_suggest_accept_ignore_and_undo(board, boss):
    anna, _ = join(board, "Anna")
    walks = manage(boss, board, "create", name="Natur")
    texts = [
        "Besøgsvenner til ensomme ældre",
        "Fællesspisning for ensomme ældre",
        "Flere cykelstier og cykler",
        "Delebiler og cykler i landsbyerne",
        "Gåture i skoven",
    ]
    ideas = [idea(board, anna, text) for text in texts]
    placed = idea(board, anna, "Cykler i naturen", theme=walks)  # already placed: left alone
    made = suggestions.do_suggest_groups(actor=boss, workshop=board)
    by_name = {s["name"]: s for s in made}
    assert by_name["Ensomme · ældre"]["idea_ids"] == [ideas[0].pk, ideas[1].pk]
    assert by_name["Cykler"]["idea_ids"] == [ideas[2].pk, ideas[3].pk]
    run = WorkshopEvent.objects.filter(kind="theme.suggested").last()
    console = render_screen(board, "facilitator")
    assert "Ensomme · ældre" in console and 'value="accept"' in console

    theme = suggestions.do_accept_suggestion(
        actor=boss, workshop=board, suggestion_seq=run.seq, key=by_name["Ensomme · ældre"]["key"]
    )
    assert column(board, theme) == [texts[0], texts[1]]
    with pytest.raises(ActionError) as twice:
        suggestions.do_accept_suggestion(
            actor=boss,
            workshop=board,
            suggestion_seq=run.seq,
            key=by_name["Ensomme · ældre"]["key"],
        )
    assert twice.value.code == "stale"
    suggestions.do_ignore_suggestion(
        actor=boss, workshop=board, suggestion_seq=run.seq, key=by_name["Cykler"]["key"]
    )
    assert "Accepted “Ensomme · ældre”" in render_screen(board, "facilitator")

    accepted = WorkshopEvent.objects.filter(kind="theme.suggestion_accepted").last()
    suggestions.do_undo_suggestion(actor=boss, workshop=board, accepted_seq=accepted.seq)
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert Idea.objects.get(pk=ideas[0].pk).theme_id is None
    assert Idea.objects.get(pk=placed.pk).theme_id == walks.pk
    with pytest.raises(ActionError):
        suggestions.do_undo_suggestion(actor=boss, workshop=board, accepted_seq=accepted.seq)
    # Undone, the suggestion is open again.
    assert "Ensomme · ældre" in render_screen(board, "facilitator")


def test_undo_restores_ideas_that_came_from_another_theme(board, boss):
    anna, _ = join(board, "Anna")
    old = manage(boss, board, "create", name="Gammelt")
    one = idea(board, anna, "Ensomme ældre på landet")
    two = idea(board, anna, "Ensomme ældre i byen")
    run_items = suggestions.do_suggest_groups(actor=boss, workshop=board)
    run = WorkshopEvent.objects.filter(kind="theme.suggested").last()
    # After the run, one idea was put in a theme by hand; accepting still takes both.
    themes.do_move_idea(actor=boss, workshop=board, idea_id=two.pk, theme_id=old.pk)
    theme = suggestions.do_accept_suggestion(
        actor=boss, workshop=board, suggestion_seq=run.seq, key=run_items[0]["key"]
    )
    assert set(column(board, theme)) == {one.text, two.text}
    accepted = WorkshopEvent.objects.filter(kind="theme.suggestion_accepted").last()
    suggestions.do_undo_suggestion(actor=boss, workshop=board, accepted_seq=accepted.seq)
    assert Idea.objects.get(pk=two.pk).theme_id == old.pk
    assert Idea.objects.get(pk=one.pk).theme_id is None


def test_board_screens_show_columns_counts_and_hide_hidden_ideas(board, boss):
    anna, _ = join(board, "Anna")
    food = manage(boss, board, "create", name="Mad <script>")
    idea(board, anna, "Fællesspisning", theme=food)
    hidden = idea(board, anna, "Skjult idé")
    do_set_idea_hidden(actor=boss, workshop=board, idea_id=hidden.pk, hidden=True)
    for audience in ("participant", "projector", "facilitator"):
        html = render_screen(board, audience)
        assert 'id="column-unsorted"' in html and f'id="column-{food.pk}"' in html
        assert "Mad &lt;script&gt;" in html and "Mad <script>" not in html
        assert ("Skjult idé" in html) == (audience == "facilitator")
    phone = render_screen(board, "participant")
    assert 'data-verb="idea.suggest_theme"' in phone and 'data-verb="idea.move"' not in phone
    console = render_screen(board, "facilitator")
    assert 'draggable="true"' in console and 'data-verb="theme.manage"' in console
