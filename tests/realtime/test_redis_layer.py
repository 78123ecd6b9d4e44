"""The broadcast path again, on real Redis (channels-redis), as in production."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from ideas.models import Idea
from tests.conftest import join, open_screen, set_phase

pytestmark = pytest.mark.django_db(transaction=True)


async def test_layer_is_redis(redis_layer):
    assert type(get_channel_layer()).__name__ == "RedisPubSubChannelLayer"


async def test_posted_idea_reaches_everyone_over_redis(redis_layer, workshop, facilitator):
    await database_sync_to_async(set_phase)(workshop, "ideas")
    (_anna, anna_token) = await database_sync_to_async(join)(workshop, "Anna")
    (_bo, bo_token) = await database_sync_to_async(join)(workshop, "Bo")
    screens = [
        (await open_screen(workshop, "facilitator", user=facilitator))[0],
        (await open_screen(workshop, "projector", user=facilitator))[0],
        (await open_screen(workshop, "participant", token=anna_token))[0],
        (await open_screen(workshop, "participant", token=bo_token))[0],
    ]
    for screen in screens:
        await screen.receive_until('id="screen"')
    key = uuid.uuid4()
    await screens[2].send("idea.submit", client_key=key, text="Redis <script>alert(1)</script>")
    idea_id = None
    for screen in screens:
        frame = await screen.receive_until("Redis &lt;script&gt;")
        assert "<script>alert" not in frame
        if idea_id is None:
            idea_id = await database_sync_to_async(lambda: Idea.objects.get(client_key=key).pk)()
        assert f'id="idea-{idea_id}"' in frame
    # Resend over Redis: still one idea.
    await screens[2].send("idea.submit", client_key=key, text="Redis <script>alert(1)</script>")
    await screens[2].receive_until(f'data-key="{key}"')
    assert await database_sync_to_async(Idea.objects.count)() == 1
    for screen in screens:
        await screen.disconnect()
