"""Anonymous ideas cannot be linked (issue 8, finding 8).

Every phone used to get each idea with its author's participant id (`data-author`, for a CSS
rule that showed one's own edit controls), so anyone could group one anonymous person's ideas.
Now no shared HTML says whose an idea is; each participant's own page and personal messages
carry a style naming their own ideas by idea id.
"""

from __future__ import annotations

import re
import uuid

import lxml.html
import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import translation

from ideas.models import Idea
from tests.conftest import join, open_screen, set_phase
from tests.realtime.dom import parse_screen
from workshops.actions.base import Actor
from workshops.actions.spaces import do_join_space, do_propose_space
from workshops.codes import participant_cookie_name
from workshops.screens import render_screen

# Attributes whose numbers are sizes, never ids.
SIZES = {"rows", "cols", "maxlength", "minlength", "min", "max", "size", "tabindex"}


def signature(element, own_ids: set[str]) -> list[tuple[str, str, str]]:
    """Every attribute in an item's markup, with the item's own id numbers made alike: two
    items with equal signatures say nothing that tells their authors apart."""
    found = []
    for node in element.iter():
        for name, value in sorted(node.attrib.items()):
            if name not in SIZES:
                for own in own_ids:
                    value = re.sub(rf"(?<![0-9A-Za-z]){own}(?![0-9A-Za-z])", "N", value)
            found.append((node.tag, name, value))
    return found


def items(doc, prefix: str, ideas) -> list:
    return [doc.xpath(f'//*[@id="{prefix}{idea.pk}"]')[0] for idea in ideas]


def assert_unlinkable(html: str, prefix: str, anon_pair, others) -> None:
    """The two anonymous ideas of one person look, attribute for attribute, like anyone's."""
    doc = parse_screen(html)
    signatures = [
        signature(item, {str(idea.pk)})
        for item, idea in zip(
            items(doc, prefix, [*anon_pair, *others]), [*anon_pair, *others], strict=True
        )
    ]
    assert all(found == signatures[0] for found in signatures), prefix


@pytest.fixture
def people(workshop):
    anon, anon_token = join(workshop, "", anonymous=True)
    other_anon, _ = join(workshop, "", anonymous=True)
    bo, bo_token = join(workshop, "Bo")
    mine = [
        Idea.objects.create(workshop=workshop, author=anon, text=text)
        for text in ("Gåklub om morgenen", "Lektiecafé på biblioteket")
    ]
    theirs = [
        Idea.objects.create(workshop=workshop, author=other_anon, text="Spiseklub"),
        Idea.objects.create(workshop=workshop, author=bo, text="Bytte-reol"),
    ]
    return {"anon": anon, "anon_token": anon_token, "bo": bo, "bo_token": bo_token,
            "mine": mine, "theirs": theirs}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("phase", "prefix"), [("ideas", "idea-"), ("clustering", "board-idea-")])
def test_no_screen_links_two_anonymous_ideas(workshop, people, phase, prefix):
    set_phase(workshop, phase)
    with translation.override("en"):
        for audience in ("participant", "facilitator", "projector"):
            html = render_screen(workshop, audience)
            assert "data-author" not in html
            assert_unlinkable(html, prefix, people["mine"], people["theirs"])
        # Bo's page (the shared screen plus his own style) says nothing about them either.
        client = Client()
        client.cookies[participant_cookie_name(workshop.join_code)] = people["bo_token"]
        page = client.get(f"/w/{workshop.join_code}/").text
    assert_unlinkable(page, prefix, people["mine"], people["theirs"])
    style = lxml.html.fromstring(page).xpath('//style[@id="my-ideas-style"]')[0].text or ""
    assert all(f"-{idea.pk} " not in style for idea in people["mine"])
    assert f"#idea-{people['theirs'][1].pk} .own-only" in style  # Bo's own


@pytest.mark.django_db
def test_the_author_alone_is_told_which_ideas_are_theirs(workshop, people):
    set_phase(workshop, "ideas")
    client = Client()
    client.cookies[participant_cookie_name(workshop.join_code)] = people["anon_token"]
    page = client.get(f"/w/{workshop.join_code}/").text
    style = lxml.html.fromstring(page).xpath('//head/style[@id="my-ideas-style"]')[0].text
    named = set(re.findall(r"#(?:board-)?idea-(\d+) \.own-only", style))
    assert named == {str(idea.pk) for idea in people["mine"]}
    assert "display: block" in style
    # Their edit controls are in the page (shown by that style) and work.
    doc = parse_screen(page)
    for idea in people["mine"]:
        assert doc.xpath(f'//*[@id="idea-{idea.pk}"]//form[@data-verb="idea.edit"]')


@pytest.mark.django_db
def test_hosts_and_members_of_spaces_are_not_linked_either(workshop, people):
    workshop.use_spaces = True
    workshop.save(update_fields=["use_spaces"])
    set_phase(workshop, "ideas")
    anon = Actor.for_participant(people["anon"])
    first, _ = do_propose_space(actor=anon, workshop=workshop, topic="Gåture", client_key=None)
    second, _ = do_propose_space(actor=anon, workshop=workshop, topic="Madklub", client_key=None)
    do_join_space(actor=anon, workshop=workshop, space_id=second.pk)
    bo = Actor.for_participant(people["bo"])
    third, _ = do_propose_space(actor=bo, workshop=workshop, topic="Kor", client_key=None)
    fourth, _ = do_propose_space(actor=bo, workshop=workshop, topic="Have", client_key=None)
    do_join_space(actor=bo, workshop=workshop, space_id=third.pk)
    spaces = [first, second, third, fourth]
    ids = {str(space.pk) for space in spaces}

    def space_signature(doc, space):
        found = signature(doc.xpath(f'//*[@id="space-{space.pk}"]')[0], {str(space.pk)})
        # Merge menus list the other topics: made alike too.
        return [(tag, name, "M" if value in ids else value) for tag, name, value in found]

    with translation.override("en"):
        for audience in ("participant", "facilitator", "projector"):
            html = render_screen(workshop, audience)
            assert "data-host" not in html and "data-member" not in html
            if audience == "projector":
                continue  # the agenda wall only: topics, places and times
            doc = parse_screen(html)
            # The anonymous host's two topics look like Bo's: one nobody is in, one with
            # its host in it.
            assert space_signature(doc, first) == space_signature(doc, fourth), audience
            assert space_signature(doc, second) == space_signature(doc, third), audience
    client = Client()
    client.cookies[participant_cookie_name(workshop.join_code)] = people["anon_token"]
    style = (
        lxml.html.fromstring(client.get(f"/w/{workshop.join_code}/").text)
        .xpath('//style[@id="my-space-style"]')[0]
        .text
    )
    assert f"#space-{first.pk} .host-only" in style and f"#space-{second.pk} .host-only" in style
    assert f"#space-{second.pk} .present-only" in style
    assert f"#space-{first.pk} .present-only" not in style


@pytest.mark.django_db(transaction=True)
async def test_a_new_idea_gets_its_controls_on_the_authors_phones_only(workshop):
    await database_sync_to_async(set_phase)(workshop, "ideas")
    _anon, anon_token = await database_sync_to_async(join)(workshop, "", anonymous=True)
    _bo, bo_token = await database_sync_to_async(join)(workshop, "Bo")
    phones = {}
    for name, token in (("anon", anon_token), ("anon2", anon_token), ("bo", bo_token)):
        screen, connected, _code = await open_screen(workshop, "participant", token=token)
        assert connected
        await screen.receive_until('id="screen"')
        phones[name] = screen
    key = uuid.uuid4()
    await phones["anon"].send("idea.submit", client_key=key, text="Strikkecafé")
    await phones["anon"].receive_until('data-rt="ack"')
    idea = await database_sync_to_async(Idea.objects.get)(client_key=key)
    rule = f"#idea-{idea.pk} .own-only"
    for name in ("anon", "anon2"):  # both of the author's phones
        style = await phones[name].receive_until(rule)
        assert 'id="my-ideas-style"' in style
    shared = await phones["bo"].receive_until(f'id="idea-{idea.pk}"')
    assert "data-author" not in shared
    await phones["bo"].drain()
    assert rule not in "".join(phones["bo"].frames)

    # The author edits and deletes it; another participant cannot.
    await phones["bo"].send(
        "idea.edit", client_key=uuid.uuid4(), idea_id=str(idea.pk), text="Overtaget"
    )
    assert "only change your own" in await phones["bo"].receive_until('data-rt="error"')
    await phones["anon"].send(
        "idea.edit", client_key=uuid.uuid4(), idea_id=str(idea.pk), text="Strikkecafé i hallen"
    )
    await phones["bo"].receive_until("Strikkecafé i hallen")
    await phones["anon"].send("idea.delete", client_key=uuid.uuid4(), idea_id=str(idea.pk))
    await phones["bo"].receive_until(f'data-target="idea-{idea.pk}"')
    for screen in phones.values():
        await screen.disconnect()
