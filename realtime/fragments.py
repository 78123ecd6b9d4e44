"""Which HTML each event sends to each audience.

Apps register a renderer per event kind (`@renders("idea.submitted", ...)`). A renderer reads
the current state, so replaying an old event gives today's fragment: together with the
idempotent wire instructions, screens converge however many times an event arrives.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from realtime import protocol
from realtime.models import WorkshopEvent
from workshops.models import Workshop

PARTICIPANT = "participant"
FACILITATOR = "facilitator"
PROJECTOR = "projector"
AUDIENCES = (PARTICIPANT, FACILITATOR, PROJECTOR)
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# Events after which the participant they name is disconnected (after their personal message).
DISCONNECTING_KINDS = frozenset({"participant.removed"})

Renderer = Callable[[WorkshopEvent, Workshop, str], str]
PersonalRenderer = Callable[[WorkshopEvent, Workshop], dict[int, str]]

_renderers: dict[str, Renderer] = {}
_personal_renderers: dict[str, PersonalRenderer] = {}


def renders(*kinds: str) -> Callable[[Renderer], Renderer]:
    def register(renderer: Renderer) -> Renderer:
        for kind in kinds:
            _renderers[kind] = renderer
        return renderer

    return register


def renders_personal(*kinds: str) -> Callable[[PersonalRenderer], PersonalRenderer]:
    """Register a renderer of messages for single participants (by participant id)."""

    def register(renderer: PersonalRenderer) -> PersonalRenderer:
        for kind in kinds:
            _personal_renderers[kind] = renderer
        return renderer

    return register


def audience_key(audience: str, language: str) -> str:
    return f"{audience}:{language}"


def render_event(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The fragment of one event for one audience in the active language, seq marker included."""
    renderer = _renderers.get(event.kind)
    body = renderer(event, workshop, audience) if renderer else ""
    return protocol.join(body, protocol.seq_marker(event.seq))


def render_for_all(event: WorkshopEvent, workshop: Workshop) -> dict[str, str]:
    """Render an event once per audience and language, never once per connection."""
    rendered = {}
    for language in LANGUAGE_CODES:
        with translation.override(language):
            for audience in AUDIENCES:
                rendered[audience_key(audience, language)] = render_event(event, workshop, audience)
    return rendered


def render_personal(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    renderer = _personal_renderers.get(event.kind)
    return renderer(event, workshop) if renderer else {}
