"""Shared fixtures: people, workshops, and websocket clients that speak the wire protocol."""

from __future__ import annotations

import json
import os
import re
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.utils import translation

from workshops.actions.base import Actor
from workshops.actions.join import do_join
from workshops.actions.workshop import do_create_workshop
from workshops.codes import participant_cookie_name
from workshops.models import Participant, Workshop

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def no_language_left_active():
    """A page renders in its workshop's language by activating it for the thread (as a
    server does per request); a test that called a view must not leave it for the next."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def close_socket_threads_connections(django_db_setup, django_db_blocker):
    """The socket and render threads keep their database connections (realtime/runtime.py);
    closed before the test database is dropped."""
    yield
    from realtime.runtime import close_thread_connections

    with django_db_blocker.unblock():
        close_thread_connections()


@pytest.fixture(autouse=True)
def fresh_join_limits():
    """Joins are counted per process (workshops/join_limits.py): each test starts uncounted,
    whatever ids earlier tests' workshops had."""
    from workshops.join_limits import joins

    joins.reset()


@pytest.fixture
def facilitator(db):
    return get_user_model().objects.create_user("fac", password="pw-for-tests-only")


@pytest.fixture
def other_facilitator(db):
    return get_user_model().objects.create_user("other", password="pw-for-tests-only")


def make_workshop(user, **overrides) -> Workshop:
    settings = {
        "title": "Fællesskaber for ældre",
        "question": "Hvordan mødes flere på tværs af alder?",
        # English screens by default so assertions read the source strings; the language
        # tests choose Danish and Swedish explicitly.
        "language": "en",
        "base_url": "http://127.0.0.1:8000",
    }
    settings.update(overrides)
    return do_create_workshop(actor=Actor.for_facilitator(user), **settings)


@pytest.fixture
def workshop(facilitator):
    return make_workshop(facilitator)


def join(workshop: Workshop, name: str = "Anna", **kwargs) -> tuple[Participant, str]:
    kwargs.setdefault("role", Participant.Role.VOLUNTEER)
    joined = do_join(workshop=workshop, display_name=name, **kwargs)
    return joined.participant, joined.token


@pytest.fixture
def participant_pair(workshop):
    """Two participants of `workshop`, as (participant, token) pairs."""
    return join(workshop, "Anna"), join(workshop, "Bo")


def set_phase(workshop: Workshop, phase: str) -> Workshop:
    """Put a workshop straight into a phase (test set-up, not a user action)."""
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase)
    workshop.refresh_from_db()
    return workshop


class Screen:
    """A websocket client that keeps the last seq and every frame it received."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator
        self.frames: list[str] = []
        self.seq = 0

    async def receive(self, timeout: float = 3) -> str:
        frame = await self.communicator.receive_from(timeout=timeout)
        self.frames.append(frame)
        seqs = re.findall(r'data-rt="seq" data-seq="(\d+)"', frame)
        if seqs:
            self.seq = int(seqs[-1])
        return frame

    async def receive_until(self, needle: str, timeout: float = 3) -> str:
        """Frames until one contains `needle`; fails the test if it never comes."""
        while True:
            try:
                frame = await self.receive(timeout=timeout)
            except TimeoutError:
                recent = "\n---\n".join(frame[-500:] for frame in self.frames[-3:])
                raise AssertionError(f"{needle!r} never arrived; last frames:\n{recent}") from None
            if needle in frame:
                return frame

    async def send(self, verb: str, client_key: uuid.UUID | None = None, **fields) -> None:
        message = {"verb": verb, **fields}
        if client_key is not None:
            message["client_key"] = str(client_key)
        await self.communicator.send_to(text_data=json.dumps(message))

    async def drain(self, quiet: float = 0.3) -> None:
        """Take frames until none comes for `quiet` seconds (e.g. presence updates)."""
        while not await self.communicator.receive_nothing(timeout=quiet):
            await self.receive()

    async def nothing_more(self, timeout: float = 0.3) -> bool:
        return await self.communicator.receive_nothing(timeout=timeout)

    async def disconnect(self) -> None:
        await self.communicator.disconnect()


async def open_screen(
    workshop: Workshop,
    audience: str,
    *,
    token: str | None = None,
    user=None,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> tuple[Screen, bool, int | None]:
    """Connect to a workshop's websocket as a phone (token), console or projector (user)."""
    from samskab.asgi import application

    cookie = ""
    if token:
        cookie = f"{participant_cookie_name(workshop.join_code)}={token}"
    if user is not None:
        cookie = (cookie + "; " if cookie else "") + f"sessionid={await login_session(user)}"
    all_headers = [ORIGIN] if headers is None else headers
    if cookie:
        all_headers = [*all_headers, (b"cookie", cookie.encode())]
    communicator = WebsocketCommunicator(
        application, f"/ws/w/{workshop.join_code}/{audience}/", headers=all_headers
    )
    connected, code = await communicator.connect(timeout=5)
    return Screen(communicator), connected, code


@database_sync_to_async
def login_session(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key
