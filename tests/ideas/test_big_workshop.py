"""A big workshop locks nobody out (issue 8, finding 1).

A (re)connecting screen gets its whole screen as one websocket message, and Daphne refuses to
send a message over 1 MiB (it closes with 1011): with about a thousand ideas new phones and
the console could no longer connect. Every screen now shows the first page of each long list
(the newest ideas) and loads the rest over plain HTTP, a page at a time.
"""

from __future__ import annotations

import re
import uuid

import lxml.html
import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone, translation

from ideas.actions.ideas import do_edit_idea, do_set_idea_hidden
from ideas.models import Idea, Theme, Vote, VotingRound
from ideas.selectors import WALL_FIRST, WALL_PAGE
from realtime.fragments import AUDIENCES, render_event
from realtime.models import WorkshopEvent
from tests.conftest import join, open_screen, set_phase
from tests.realtime.dom import apply, parse_screen
from workshops.actions.base import Actor
from workshops.codes import participant_cookie_name
from workshops.screens import render_screen

MIB = 1024 * 1024
MANY = 5000
# An idea of ordinary length: a title and a few sentences, with Danish letters.
TEXT = (
    "Vi kunne mødes på biblioteket hver torsdag til fællesspisning, hvor ældre og unge laver "
    "mad sammen, og bagefter spiller vi brætspil eller går en tur i parken. Det koster ikke "
    "meget, og foreningerne kan skiftes til at stå for det. Kommunen låner os køkkenet. "
)


def marker(number: int) -> str:
    """A label only idea `number` carries (zero-padded: no label is part of another)."""
    return f"[idé {number:05d}]"


def add_many(workshop, count: int = MANY, *, authors=None) -> list:
    """`count` ideas in the order they were posted (the last is the newest), in bulk."""
    authors = authors or [join(workshop, f"Deltager {n}")[0] for n in range(5)]
    Idea.objects.bulk_create(
        (
            Idea(
                workshop=workshop,
                author=authors[number % len(authors)],
                title=f"Forslag {marker(number)}",
                text=TEXT,
            )
            for number in range(count)
        ),
        batch_size=1000,
    )
    return authors


def numbers_in(html: str) -> list[int]:
    """The ideas' numbers in the order they first appear (an edit form repeats its title)."""
    return list(dict.fromkeys(int(found) for found in re.findall(r"\[idé (\d{5})\]", html)))


def sort_some_into_themes(workshop, themes: int) -> None:
    """Half of the ideas go into `themes` themes, in turn (as the board would number them)."""
    created = [
        Theme.objects.create(workshop=workshop, name=f"Tema {n}: mad, motion og musik", position=n)
        for n in range(themes)
    ]
    ideas = list(Idea.objects.filter(workshop=workshop).order_by("pk")[::2])
    for index, idea in enumerate(ideas):
        idea.theme, idea.position = created[index % themes], index // themes
    Idea.objects.bulk_update(ideas, ["theme", "position"], batch_size=1000)


@database_sync_to_async
def big_workshop(workshop, phase: str, themes: int = 0) -> str:
    authors = add_many(workshop)
    set_phase(workshop, phase)
    if themes:
        sort_some_into_themes(workshop, themes)
    if phase == "voting":
        VotingRound.objects.create(
            workshop=workshop, budget=5, max_per_item=2, opened_at=timezone.now()
        )
    return join(workshop, "Ny deltager")[1] if authors else ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("phase", "themes"), [("ideas", 0), ("clustering", 0), ("clustering", 20), ("voting", 0)]
)
async def test_every_screen_connects_to_a_workshop_of_5000_ideas(
    workshop, facilitator, phase, themes
):
    token = await big_workshop(workshop, phase, themes)
    for audience in ("participant", "facilitator", "projector"):
        screen, connected, _code = await open_screen(
            workshop,
            audience,
            token=token if audience == "participant" else None,
            user=facilitator if audience != "participant" else None,
        )
        assert connected, audience
        first = await screen.receive(timeout=10)
        assert 'id="screen"' in first, audience
        assert len(first.encode()) < MIB, (audience, len(first.encode()))
        numbers = numbers_in(first)
        assert MANY - 1 in numbers, (phase, audience)  # the newest idea is there…
        if not themes:
            assert 0 not in numbers, (phase, audience)  # …not the oldest: on demand
        assert 'class="more"' in first and "hx-get=" in first, (phase, audience)
        await screen.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_new_idea_goes_on_top_of_a_big_wall(workshop, facilitator):
    token = await big_workshop(workshop, "ideas")
    phone, connected, _code = await open_screen(workshop, "participant", token=token)
    assert connected
    await phone.receive_until('id="screen"')
    await phone.drain()
    await phone.send("idea.submit", client_key=uuid.uuid4(), text=f"Nyeste {marker(99999)}")
    frame = await phone.receive_until(marker(99999))
    assert '<div data-rt="upsert" data-into="ideas" data-at="start">' in frame
    assert len(frame.encode()) < 20_000
    await phone.disconnect()


# ---- the screen's HTML, and what live fragments do to it ------------------------------------


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def wall_doc(workshop, audience="participant"):
    return parse_screen(render_screen(workshop, audience))


def wall_numbers(doc) -> list[int]:
    wall = doc.xpath('//*[@id="ideas"]')[0]
    return numbers_in(lxml.html.tostring(wall, encoding="unicode"))


@pytest.mark.django_db
def test_the_wall_shows_the_newest_page_and_a_link_to_the_rest(workshop, english):
    add_many(workshop, 250)
    set_phase(workshop, "ideas")
    doc = wall_doc(workshop)
    assert wall_numbers(doc) == list(range(249, 249 - WALL_FIRST, -1))
    more = doc.xpath('//*[@id="ideas-more"]')[0]
    link = more.xpath(".//a")[0]
    oldest_shown = Idea.objects.get(title=f"Forslag {marker(250 - WALL_FIRST)}")
    assert link.get("href") == link.get("hx-get")
    assert link.get("href") == f"/w/{workshop.join_code}/more/ideas/?after={oldest_shown.pk}"
    assert (link.get("hx-target"), link.get("hx-swap")) == ("#ideas-more", "outerHTML")
    assert "Show older ideas" in link.text_content() and "(150 more)" in link.text_content()
    assert more.getparent().get("id") == "ideas"  # new ideas go on top, pages at the end


@pytest.mark.django_db
def test_an_edit_of_an_idea_not_on_the_screen_changes_nothing(workshop, facilitator, english):
    add_many(workshop, 150)
    set_phase(workshop, "ideas")
    oldest = Idea.objects.select_related("author").get(title=f"Forslag {marker(0)}")
    newest = Idea.objects.select_related("author").get(title=f"Forslag {marker(149)}")
    docs = {audience: wall_doc(workshop, audience) for audience in AUDIENCES}
    before = {audience: lxml.html.tostring(doc) for audience, doc in docs.items()}

    do_edit_idea(
        actor=Actor.for_participant(oldest.author),
        workshop=workshop,
        idea_id=oldest.pk,
        title="Rettet",
        text="Ny tekst",
    )
    event = WorkshopEvent.objects.filter(workshop=workshop).latest("pk")
    for audience, doc in docs.items():
        fragment = render_event(event, workshop, audience)
        assert 'data-rt="upsert"' not in fragment  # replaced where shown, never inserted
        apply(doc, fragment)
        assert lxml.html.tostring(doc) == before[audience], audience

    # An edit of an idea on the screen replaces it in its place.
    do_edit_idea(
        actor=Actor.for_participant(newest.author),
        workshop=workshop,
        idea_id=newest.pk,
        title=f"Rettet {marker(149)}",
        text="Bedre",
    )
    event = WorkshopEvent.objects.filter(workshop=workshop).latest("pk")
    for audience, doc in docs.items():
        apply(doc, render_event(event, workshop, audience))
        assert wall_numbers(doc)[:2] == [149, 148], audience
        edited = doc.xpath(f'//*[@id="idea-{newest.pk}"]')[0].text_content()
        assert "Rettet" in edited and "Bedre" in edited


# ---- the next pages, over plain HTTP ---------------------------------------------------------


def phone_client(workshop, token) -> Client:
    client = Client()
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    return client


def load_all_pages(client: Client, doc, more_id: str, limit: int = 100) -> int:
    """Click "show more" as htmx does (the response replaces the control) until the list
    ends; returns how many pages it took."""
    for pages in range(limit):  # noqa: B007
        found = doc.xpath(f'//*[@id="{more_id}"]')
        if not found:
            return pages
        more = found[0]
        response = client.get(more.xpath(".//a")[0].get("hx-get"), headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "<html" not in response.text  # a fragment for htmx
        parent, index = more.getparent(), more.getparent().index(more)
        parent.remove(more)
        for offset, node in enumerate(parse_screen(response.text)):
            parent.insert(index + offset, node)
    raise AssertionError("the list never ended")


@pytest.mark.django_db
def test_older_ideas_load_a_page_at_a_time_until_every_idea_is_shown_once(workshop, english):
    add_many(workshop, 2 * WALL_PAGE + WALL_FIRST + 7)
    total = Idea.objects.count()
    hidden = Idea.objects.get(title=f"Forslag {marker(5)}")
    hidden.hidden = True
    hidden.save()
    set_phase(workshop, "ideas")
    _anna, token = join(workshop, "Anna")
    client = phone_client(workshop, token)
    doc = wall_doc(workshop)
    assert load_all_pages(client, doc, "ideas-more") == 3
    assert wall_numbers(doc) == [n for n in range(total - 1, -1, -1) if n != 5]


@pytest.mark.django_db
def test_a_page_without_javascript_is_a_page_of_its_own(workshop, facilitator, english):
    add_many(workshop, WALL_FIRST + 30)
    set_phase(workshop, "ideas")
    _anna, token = join(workshop, "Anna")
    client = phone_client(workshop, token)
    link = wall_doc(workshop).xpath('//*[@id="ideas-more"]//a')[0].get("href")
    response = client.get(link)
    assert response.status_code == 200
    page = response.text
    assert "<html" in page and "Older ideas" in page and "Back to the workshop" in page
    assert numbers_in(page) == list(range(29, -1, -1))
    assert 'id="ideas-more"' not in page  # the end of the list
    assert response.headers["Vary"].count("HX-Request") == 1
    assert "no-cache" in response.headers["Cache-Control"]
    # The console and the projector load from their own addresses, as their screens do.
    console = Client()
    console.force_login(facilitator)
    for audience, path in (("facilitator", "console/"), ("projector", "projector/")):
        link = wall_doc(workshop, audience).xpath('//*[@id="ideas-more"]//a')[0].get("href")
        assert link.startswith(f"/w/{workshop.join_code}/{path}more/ideas/")
        assert numbers_in(console.get(link).text) == list(range(29, -1, -1))


@pytest.mark.django_db
def test_pages_have_the_screens_checks(workshop, facilitator, other_facilitator, english):
    add_many(workshop, WALL_FIRST + 1)
    set_phase(workshop, "ideas")
    hidden = Idea.objects.get(title=f"Forslag {marker(0)}")
    do_set_idea_hidden(
        actor=Actor.for_facilitator(facilitator), workshop=workshop, idea_id=hidden.pk, hidden=True
    )
    code = workshop.join_code
    after = Idea.objects.get(title=f"Forslag {marker(1)}").pk
    # No participant cookie (or a made-up one): to the join page.
    for client in (Client(), phone_client(workshop, "made-up")):
        response = client.get(f"/w/{code}/more/ideas/?after={after}")
        assert response.status_code == 302 and response["Location"] == f"/j/{code}/"
    # The console's pages need its facilitator.
    response = Client().get(f"/w/{code}/console/more/ideas/?after={after}")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    stranger = Client()
    stranger.force_login(other_facilitator)
    assert stranger.get(f"/w/{code}/console/more/ideas/?after={after}").status_code == 404
    assert stranger.get(f"/w/{code}/projector/more/ideas/?after={after}").status_code == 404
    # A hidden idea is on the console's page only.
    console = Client()
    console.force_login(facilitator)
    assert marker(0) in console.get(f"/w/{code}/console/more/ideas/?after={after}").text
    _anna, token = join(workshop, "Anna")
    assert (
        marker(0)
        not in phone_client(workshop, token).get(f"/w/{code}/more/ideas/?after={after}").text
    )
    assert console.get(f"/w/{code}/console/more/nothing/").status_code == 404
    assert console.get(f"/w/{code}/console/more/column-999999/").status_code == 404


@pytest.mark.django_db
def test_board_columns_show_their_top_cards_and_load_the_rest(workshop, facilitator, english):
    add_many(workshop, 300)
    set_phase(workshop, "clustering")
    sort_some_into_themes(workshop, 3)
    console = Client()
    console.force_login(facilitator)
    doc = parse_screen(render_screen(workshop, "facilitator"))
    themes = list(Theme.objects.filter(workshop=workshop))
    for key in ["unsorted", *(str(theme.pk) for theme in themes)]:
        column = doc.xpath(f'//*[@id="column-{key}-ideas"]')[0]
        shown = len(column.xpath('./li[contains(@class, "board-idea")]'))
        link = column.xpath(f'./li[@id="column-{key}-more"]//a')[0]
        assert link.get("hx-get").endswith(f"/console/more/column-{key}/?after={shown}")
        pages = load_all_pages(console, doc, f"column-{key}-more")
        assert pages >= 1
        cards = doc.xpath(f'//*[@id="column-{key}-ideas"]/li[contains(@class, "board-idea")]')
        ids = [int(card.get("data-idea-id")) for card in cards]
        theme = None if key == "unsorted" else int(key)
        expected = Idea.objects.filter(workshop=workshop, theme_id=theme).order_by(
            "position", "-created_at", "-pk"
        )
        assert ids == list(expected.values_list("pk", flat=True)), key
        # Loaded cards can be moved like the others (their "Move to" lists every theme).
        assert all(len(card.xpath(".//select/option")) == len(themes) + 1 for card in cards)
    # The header counts every idea of the column, not just the shown ones.
    unsorted = Idea.objects.filter(workshop=workshop, theme=None).count()
    header = doc.xpath('//*[@id="column-unsorted"]//*[@class="count"]')[0].text_content()
    assert str(unsorted) in header


@pytest.mark.django_db
def test_vote_items_load_with_the_phones_own_dots(workshop, english):
    add_many(workshop, 130)
    set_phase(workshop, "voting")
    voting_round = VotingRound.objects.create(
        workshop=workshop, budget=5, max_per_item=3, opened_at=timezone.now()
    )
    anna, token = join(workshop, "Anna")
    oldest = Idea.objects.get(title=f"Forslag {marker(0)}")
    Vote.objects.create(round=voting_round, participant=anna, idea=oldest, dots=2)
    doc = parse_screen(render_screen(workshop, "participant"))
    items = doc.xpath('//*[@id="vote-items"]/li[@class="vote-item"]')
    assert len(items) == 100 and numbers_in(items[0].text_content()) == [129]
    assert load_all_pages(phone_client(workshop, token), doc, "vote-items-more") == 1
    mine = doc.xpath(f'//*[@id="my-dots-idea-{oldest.pk}"]')[0]
    assert (mine.get("data-dots"), mine.text) == ("2", "2")
    numbers = numbers_in(doc.xpath('//*[@id="vote-items"]')[0].text_content())
    assert numbers == list(range(129, -1, -1))


@pytest.mark.django_db
def test_revealed_results_show_the_top_and_load_the_rest(workshop, facilitator, english):
    add_many(workshop, 130)
    set_phase(workshop, "voting")
    now = timezone.now()
    voting_round = VotingRound.objects.create(
        workshop=workshop, budget=5, max_per_item=3, opened_at=now, closed_at=now, revealed_at=now
    )
    anna, _token = join(workshop, "Anna")
    oldest = Idea.objects.get(title=f"Forslag {marker(0)}")
    Vote.objects.create(round=voting_round, participant=anna, idea=oldest, dots=3)
    # The projector shows the top ten that got dots, without paging (issue 9): here one.
    doc = parse_screen(render_screen(workshop, "projector"))
    rows = doc.xpath('//*[@id="voting-results"]//li[contains(@class, "result")]')
    assert len(rows) == 1 and marker(0) in rows[0].text_content()
    assert not doc.xpath('//*[@id="results-more"]')
    doc = parse_screen(render_screen(workshop, "facilitator"))
    rows = doc.xpath('//*[@id="voting-results"]//li[contains(@class, "result")]')
    assert len(rows) == 100 and marker(0) in rows[0].text_content()  # the winner on top
    console = Client()
    console.force_login(facilitator)
    assert load_all_pages(console, doc, "results-more") == 1
    rows = doc.xpath('//*[@id="voting-results"]//li[contains(@class, "result")]')
    assert len(rows) == 130


# ---- a real Daphne process, which refuses messages over 1 MiB --------------------------------

ADD_MANY = """
import json
from ideas.models import Idea
from workshops.models import Workshop
workshop = Workshop.objects.get(pk={workshop_id})
ideas = [
    Idea(workshop=workshop, title=f"Forslag [idé {{n:05d}}]", text={text!r})
    for n in range({count})
]
Idea.objects.bulk_create(ideas, batch_size=1000)
print(json.dumps([Idea.objects.filter(workshop=workshop).count()]))
"""


async def test_a_phone_connects_to_daphne_with_5000_ideas():
    """Daphne closes with 1011 instead of sending a message over 1 MiB: before pages, a
    phone joining a workshop this big never got its screen."""
    from tests.live_server import join_over_http, live_server
    from tests.realtime.test_daphne_process import Phone, phone_socket

    with live_server() as server:
        server.workshop = server.create_workshop(phase="ideas")
        count = server.run_python(
            ADD_MANY.format(workshop_id=server.workshop["workshop_id"], text=TEXT, count=MANY)
        )
        assert count == [MANY]
        cookies = join_over_http(server, server.workshop["code"], "Maja")
        async with phone_socket(server, cookies) as socket:
            phone = Phone(socket)
            first = await phone.receive_until('id="screen"', timeout=15)
            assert MANY - 1 in numbers_in(first) and 0 not in numbers_in(first)
            assert len(first.encode()) < MIB
