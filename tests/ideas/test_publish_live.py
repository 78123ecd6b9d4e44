"""Publishing a catalogue reaches the phones of a closed workshop at once, and so does
taking it down."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.utils import timezone

from ideas.actions.followup import do_publish_catalogue, do_unpublish_catalogue
from tests.conftest import join, open_screen
from workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def close(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(phase="closed", closed_at=timezone.now())
    workshop.refresh_from_db()
    return workshop


async def test_closed_phone_gets_the_link_live(workshop):
    _participant, token = await database_sync_to_async(join)(workshop, "Anna")
    await database_sync_to_async(close)(workshop)
    staff = await database_sync_to_async(get_user_model().objects.create_user)(
        "staff", password="pw-for-tests-only", is_staff=True
    )
    phone, connected, _ = await open_screen(workshop, "participant", token=token)
    assert connected
    snapshot = await phone.receive_until('id="screen"')
    assert "/c/" not in snapshot
    await phone.drain()

    publication = await database_sync_to_async(do_publish_catalogue)(
        user=staff, workshops=[workshop]
    )
    frame = await phone.receive_until(f"/c/{publication.token}/")
    assert 'id="closed-stage"' in frame

    await database_sync_to_async(do_unpublish_catalogue)(user=staff, publication_id=publication.pk)
    frame = await phone.receive_until('id="closed-stage"')
    assert f"/c/{publication.token}/" not in frame
    await phone.disconnect()
