"""Which HTML each event sends to each audience.

Apps register a renderer per event kind (`@renders("idea.submitted", ...)`). A renderer reads
the current state, so replaying an old event gives today's fragment: together with the
idempotent wire instructions, screens converge however many times an event arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
# Personal state of a phase (my dots, my group) by participant id; None means "everyone".
PersonalState = Callable[[Workshop, int | None], dict[int, str]]
# Events that replace a whole screen: personal state is sent again after them.
SCREEN_KINDS = frozenset(
    {
        "phase.changed",
        "workshop.updated",
        "participant.name_erased",
        "participant.contributions_deleted",
    }
)

# A counter's render for one audience in the active language; `participant_ids` are the people
# whose change triggered it, `memo` is shared by the nine renders of one update.
CounterRenderer = Callable[[Workshop, str, frozenset[int], dict[str, Any]], str]

_renderers: dict[str, Renderer] = {}
_personal_renderers: dict[str, PersonalRenderer] = {}
_personal_states: list[PersonalState] = []
_counters: dict[str, CounterRenderer] = {}
_counter_of_kind: dict[str, str] = {}


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


def renders_counter(name: str, *kinds: str) -> Callable[[CounterRenderer], CounterRenderer]:
    """Register a counter: state that changes too often to be a sequenced event (people
    connected, "X of Y have voted"). Events of `kinds` are recorded quietly, without a seq, and
    screens get the counter's current render a few times a second at most, however many
    events there were (realtime/publisher.py)."""

    def register(renderer: CounterRenderer) -> CounterRenderer:
        _counters[name] = renderer
        for kind in kinds:
            _counter_of_kind[kind] = name
        return renderer

    return register


def counter_of(kind: str) -> str | None:
    """The counter an event kind moves, or None for an ordinary (sequenced) event."""
    return _counter_of_kind.get(kind)


def render_counter_for_all(
    name: str, workshop: Workshop, participant_ids: frozenset[int]
) -> dict[str, str]:
    """A counter's current state once per audience and language; screens that show nothing
    of it get nothing (an empty render is left out)."""
    renderer = _counters[name]
    memo: dict[str, Any] = {}
    rendered = {}
    for language in LANGUAGE_CODES:
        with translation.override(language):
            for audience in AUDIENCES:
                html = renderer(workshop, audience, participant_ids, memo)
                if html:
                    rendered[audience_key(audience, language)] = str.__str__(html)
    return rendered


def personal_state(provider: PersonalState) -> PersonalState:
    """Register a provider of personal state that a full screen needs on top of the shared
    render (a snapshot, a phase change). Its HTML must not depend on the language."""
    _personal_states.append(provider)
    return provider


def render_personal_state(workshop: Workshop, participant_id: int | None = None) -> dict[int, str]:
    """Every provider's personal state, for one participant or (None) for everyone."""
    merged: dict[int, list[str]] = {}
    for provider in _personal_states:
        for pid, html in provider(workshop, participant_id).items():
            merged.setdefault(pid, []).append(html)
    return {pid: protocol.join(*parts) for pid, parts in merged.items()}


def shared(event: WorkshopEvent, name: str, compute: Callable[[], Any]) -> Any:
    """A value computed once per event object and reused by its renders for every audience
    and language (e.g. the idea it names): a broadcast renders each event nine times.
    Only for language-neutral values; a replay reads the event afresh, so state stays current."""
    memo = event.__dict__.setdefault("_render_memo", {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def audience_key(audience: str, language: str) -> str:
    return f"{audience}.{language}"


def screen_group(workshop_id: int, key: str) -> str:
    """The channel-layer group of one workshop's screens of one audience and language: each
    screen receives only its own fragment, not all nine (a ninth of the bytes over Redis)."""
    return f"workshop.{workshop_id}.{key}"


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
                html = render_event(event, workshop, audience)
                # A plain str: cheap for the channel layer to copy or serialise per receiver,
                # where a str subclass (SafeString) is not.
                rendered[audience_key(audience, language)] = str.__str__(html)
    return rendered


def render_personal(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    renderer = _personal_renderers.get(event.kind)
    personal = renderer(event, workshop) if renderer else {}
    if event.kind in SCREEN_KINDS:
        for pid, html in render_personal_state(workshop).items():
            personal[pid] = protocol.join(personal.get(pid, ""), html)
    return personal
