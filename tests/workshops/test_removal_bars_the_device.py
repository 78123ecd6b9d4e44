"""Removal is a ban (issue 8, finding 7): a removed participant could rejoin at once under
another name. Now a removal bars the device they joined from (a long-lived signed cookie)
until the facilitator lets them back in from the console."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import translation

from tests.conftest import join, make_workshop, open_screen, set_phase
from workshops.actions.base import ActionError, Actor
from workshops.actions.join import do_join
from workshops.actions.participants import do_readmit_participant, do_remove_participant
from workshops.devices import DEVICE_COOKIE, device_key
from workshops.models import Participant
from workshops.screens import render_screen


def join_page(client: Client, workshop, name: str):
    client.get(f"/j/{workshop.join_code}/")
    return client.post(
        f"/j/{workshop.join_code}/",
        {"display_name": name, "role": "citizen", "new_organisation": ""},
    )


def remove(workshop, facilitator, participant) -> None:
    do_remove_participant(
        actor=Actor.for_facilitator(facilitator), workshop=workshop, participant_id=participant.pk
    )


@pytest.mark.django_db
def test_a_removed_phone_cannot_join_again_under_another_name(workshop, facilitator):
    phone = Client()
    assert join_page(phone, workshop, "Troll").status_code == 302
    troll = Participant.objects.get(display_name="Troll")
    assert troll.device_key  # known by the device it joined from
    remove(workshop, facilitator, troll)

    screen = phone.get(f"/w/{workshop.join_code}/")
    assert screen.status_code == 302 and screen["Location"] == f"/j/{workshop.join_code}/"
    barred = phone.get(f"/j/{workshop.join_code}/")
    assert barred.status_code == 403
    assert "removed you from this workshop" in barred.text
    assert "ask the facilitator to let you back in" in barred.text
    assert 'name="display_name"' not in barred.text  # no join form

    # Another name from the same phone, even without the participant cookie: refused.
    phone.cookies.pop(f"samskab_p_{workshop.join_code}")
    again = join_page(phone, workshop, "Nice person")
    assert again.status_code == 403
    assert not Participant.objects.filter(display_name="Nice person").exists()

    # Other phones join as ever.
    assert join_page(Client(), workshop, "Bo").status_code == 302


@pytest.mark.django_db
def test_the_device_cookie_is_signed_long_lived_and_private(workshop, facilitator):
    phone = Client()
    response = phone.get(f"/j/{workshop.join_code}/")
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 365
    join_page(phone, workshop, "Troll")
    troll = Participant.objects.get(display_name="Troll")
    remove(workshop, facilitator, troll)
    # A made-up or altered cookie is no device: it gets a new one, and cannot pass as
    # the barred device (nor bar anyone).
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = phone.cookies[DEVICE_COOKIE].value[:-2] + "xx"
    assert forged.get(f"/j/{workshop.join_code}/").status_code == 200
    # The database keeps a key per workshop, not the device id: two workshops' keys differ.
    other = make_workshop(facilitator)
    device = "the-same-device"
    assert device_key(workshop, device) != device_key(other, device)
    assert device not in troll.device_key
    # The ban is for this workshop only.
    assert join_page(phone, other, "Troll").status_code == 302


@pytest.mark.django_db
def test_the_facilitator_lets_them_back_in(workshop, facilitator):
    phone = Client()
    join_page(phone, workshop, "Anna")
    anna = Participant.objects.get(display_name="Anna")
    remove(workshop, facilitator, anna)
    with translation.override("en"):
        console = render_screen(workshop, "facilitator")
    assert f'id="removed-participant-{anna.pk}"' in console
    assert 'data-verb="participant.readmit"' in console and "Let back in" in console

    laptop = Client()
    laptop.force_login(facilitator)
    response = laptop.post(
        f"/w/{workshop.join_code}/console/act/participant.readmit/",
        {"participant_id": str(anna.pk)},
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.removed_at is None
    # Back as she was: her phone's cookie works again.
    assert phone.get(f"/w/{workshop.join_code}/").status_code == 200
    with translation.override("en"):
        console = render_screen(workshop, "facilitator")
    assert f'id="participant-{anna.pk}"' in console
    assert f'id="removed-participant-{anna.pk}"' not in console


@pytest.mark.django_db
def test_only_the_facilitator_readmits_and_the_action_refuses_a_barred_device(
    workshop, facilitator
):
    device = device_key(workshop, "device-one")
    troll = do_join(workshop=workshop, display_name="Troll", device_key=device).participant
    bo, _token = join(workshop, "Bo")
    remove(workshop, facilitator, troll)
    with pytest.raises(ActionError) as refused:
        do_join(workshop=workshop, display_name="Ny", device_key=device)
    assert refused.value.code == "barred"
    with pytest.raises(ActionError):
        do_readmit_participant(
            actor=Actor.for_participant(bo), workshop=workshop, participant_id=troll.pk
        )
    other = make_workshop(facilitator)
    with pytest.raises(ActionError):
        do_readmit_participant(
            actor=Actor.for_facilitator(facilitator), workshop=other, participant_id=troll.pk
        )
    do_readmit_participant(
        actor=Actor.for_facilitator(facilitator), workshop=workshop, participant_id=troll.pk
    )
    assert do_join(workshop=workshop, display_name="Ny", device_key=device).participant


@pytest.mark.django_db(transaction=True)
async def test_the_console_shows_removals_live_and_lets_back_in(workshop, facilitator):
    await database_sync_to_async(set_phase)(workshop, "ideas")
    anna, _token = await database_sync_to_async(join)(workshop, "Anna")
    console, connected, _code = await open_screen(workshop, "facilitator", user=facilitator)
    assert connected
    await console.receive_until('id="screen"')
    await console.send("participant.remove", participant_id=str(anna.pk))
    frame = await console.receive_until(f'id="removed-participant-{anna.pk}"')
    assert 'id="removed-participants"' in frame
    await console.send("participant.readmit", participant_id=str(anna.pk))
    frame = await console.receive_until(f'id="participant-{anna.pk}"')
    assert f'id="removed-participant-{anna.pk}"' not in frame
    await console.disconnect()
