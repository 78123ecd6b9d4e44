"""The console's list of people stays small in a big room; everyone is on a page of its own."""

import secrets

from workshops import screens
from workshops.models import Participant
from workshops.screens import render_screen


def crowd(workshop, count):
    Participant.objects.bulk_create(
        Participant(
            workshop=workshop,
            display_name=f"Person {n:04d}",
            role="citizen",
            token_hash=Participant.hash_token(secrets.token_urlsafe(16)),
        )
        for n in range(count)
    )


def test_the_console_shows_the_newest_and_links_to_everyone(workshop, monkeypatch):
    monkeypatch.setattr(screens, "CONSOLE_PEOPLE", 20)
    crowd(workshop, 50)
    html = render_screen(workshop, "facilitator")
    assert html.count('id="participant-') == 20
    assert "Person 0049" in html and "Person 0029" not in html
    assert "30 more joined earlier" in html
    assert f"/w/{workshop.join_code}/console/people/" in html


def test_a_2000_person_room_keeps_the_console_under_daphnes_limit(workshop):
    crowd(workshop, 2000)
    html = render_screen(workshop, "facilitator")
    assert len(html.encode()) < 512 * 1024


def test_the_people_page_lists_everyone_for_facilitators_only(
    client, workshop, facilitator, other_facilitator
):
    crowd(workshop, 30)
    url = f"/w/{workshop.join_code}/console/people/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404
    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert all(f"Person {n:04d}" in page for n in range(30))
    assert "30 people have joined." in page
