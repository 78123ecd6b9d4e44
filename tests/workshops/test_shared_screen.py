"""Phones' pages share one render per seq and language in a process (workshops/screens.py
shared_screen): a page is never older than the workshop, and each language gets its own."""

import uuid

import pytest

from ideas.actions.ideas import do_submit_idea
from tests.conftest import join, set_phase
from workshops.actions.base import Actor
from workshops.codes import participant_cookie_name
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def phone_page(client, workshop, token, language=None) -> str:
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    if language:
        client.cookies["django_language"] = language
    return client.get(f"/w/{workshop.join_code}/").content.decode()


def test_a_page_after_a_change_shows_it_and_each_language_its_own(client, workshop):
    workshop = set_phase(workshop, "ideas")
    anna, token = join(workshop, "Anna")
    first = phone_page(client, workshop, token)
    assert "Bænke langs åen" not in first
    do_submit_idea(
        actor=Actor.for_participant(anna),
        workshop=Workshop.objects.get(pk=workshop.pk),
        text="Bænke langs åen",
        client_key=uuid.uuid4(),
    )
    again = phone_page(client, workshop, token)
    assert "Bænke langs åen" in again
    danish, swedish = (
        phone_page(client, workshop, token, "da"),
        phone_page(client, workshop, token, "sv"),
    )
    assert 'lang="da"' in danish and 'lang="sv"' in swedish
    assert "Send idé" in danish and "Skicka idé" in swedish
