"""The verbs a websocket client may send, each mapped to an action by the app that owns it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from realtime import protocol
from realtime.protocol import Frame, ProtocolError
from realtime.viewers import Viewer
from workshops.actions.base import ActionError, Actor
from workshops.models import Workshop

logger = logging.getLogger(__name__)

# A handler calls one action and returns extra HTML for the sender (an ack is added for it).
Handler = Callable[[Actor, Workshop, Frame], str]
_handlers: dict[str, Handler] = {}
# A handler of verbs that come hundreds a second (dots) takes many frames of one workshop at
# once, for one transaction (realtime/batches.py), and returns per frame the extra HTML for
# the sender or the refusal. Its action reads and locks the rows itself: actors come as ids.
Outcome = str | ProtocolError | ActionError
TogetherHandler = Callable[[Workshop, list[tuple[Actor, Frame]]], list[Outcome]]
_together: dict[str, TogetherHandler] = {}


def handles(*verbs: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for verb in verbs:
            _handlers[verb] = handler
        return handler

    return register


def handles_together(*verbs: str) -> Callable[[TogetherHandler], TogetherHandler]:
    def register(handler: TogetherHandler) -> TogetherHandler:
        for verb in verbs:
            _together[verb] = handler
        return handler

    return register


def known_verbs() -> frozenset[str]:
    return frozenset(_handlers) | frozenset(_together)


def together_handler(verb: str) -> TogetherHandler | None:
    """The handler that takes frames of `verb` in batches, if there is one."""
    return _together.get(verb)


def text_field(frame: Frame, name: str) -> str:
    """A field's text cleaned as every stored text is (`workshops.text`): no NUL or other
    control characters, no unbalanced directional controls, "" if nothing visible is left.
    Actions clean names and titles further to one line."""
    from workshops.text import clean_text

    return clean_text(frame.fields.get(name, ""))


def int_field(frame: Frame, name: str) -> int:
    try:
        return int(frame.fields[name])
    except (KeyError, ValueError):
        raise ProtocolError(_("The message is missing “%(field)s”.") % {"field": name}) from None


def optional_int_field(frame: Frame, name: str, *, empty: tuple[str, ...] = ("",)) -> int | None:
    """A whole number, or None when the field is missing or one of the `empty` values."""
    value = text_field(frame, name).strip()
    if value in empty:
        return None
    try:
        return int(value)
    except ValueError:
        raise ProtocolError(_("“%(field)s” must be a whole number.") % {"field": name}) from None


def bool_field(frame: Frame, name: str) -> bool:
    return frame.fields.get(name, "").lower() in {"1", "true", "on", "yes"}


def run(viewer: Viewer, frame: Frame) -> str:
    """Run one verb as the viewer; raises ProtocolError or ActionError if refused."""
    if frame.verb in _together:
        (outcome,) = run_together([(viewer, frame)])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
    handler = _handlers.get(frame.verb)
    if handler is None:
        raise ProtocolError(_("Unknown action."))
    actor, workshop = viewer.actor_and_workshop()
    return handler(actor, workshop, frame) or ""


def run_together(requests: list[tuple[Viewer, Frame]]) -> list[Outcome]:
    """Frames of one workshop whose verbs share a together-handler, run at once."""
    viewer, frame = requests[0]
    handler = _together[frame.verb]
    actors = [
        (viewer.ids_only()[0] if viewer.participant_id else viewer.actor_and_workshop()[0], frame)
        for viewer, frame in requests
    ]
    return handler(Workshop(pk=viewer.workshop_id), actors)


def dispatch(viewer: Viewer, frame: Frame) -> str:
    """Run one verb for a websocket: the reply is an ack, or an error for that user only."""
    with translation.override(viewer.language):
        try:
            outcome: Outcome = run(viewer, frame)
        except (ProtocolError, ActionError) as refused:
            outcome = refused
        except OperationalError:
            # A lock held past DB_LOCK_TIMEOUT or a lost connection: the transaction rolled
            # back, nothing was written. The client keeps the submission and sends it again.
            logger.warning("Verb %s not saved (database busy)", frame.verb, exc_info=True)
            return protocol.error(
                _("Not saved yet: the server is busy. Retrying…"),
                client_key=frame.client_key,
                retry=True,
            )
        return reply(frame, outcome)


def dispatch_together(requests: list[tuple[Viewer, Frame]]) -> list[str]:
    """Run a batch (realtime/batches.py): the reply for each frame, in its viewer's language.
    If the batch fails as a whole (a database error), each frame is run alone, so one bad
    frame costs the others nothing; errors of single frames propagate as in `dispatch`."""
    try:
        outcomes = run_together(requests)
    except Exception:
        logger.exception("A batch of %d frames failed; running them one by one", len(requests))
        return [dispatch_or_apologise(viewer, frame) for viewer, frame in requests]
    replies = []
    for (viewer, frame), outcome in zip(requests, outcomes, strict=True):
        with translation.override(viewer.language):
            replies.append(reply(frame, outcome))
    return replies


def dispatch_or_apologise(viewer: Viewer, frame: Frame) -> str:
    """`dispatch`, and for an unexpected error a clear answer instead of an exception: every
    frame gets an answer and the connection stays. The client keeps the submission queued and
    may resend it (its key makes that safe)."""
    try:
        return dispatch(viewer, frame)
    except Exception:
        logger.exception("Verb %s failed", frame.verb)
        return apology(viewer, frame)


def apology(viewer: Viewer, frame: Frame) -> str:
    with translation.override(viewer.language):
        message = _("Something went wrong on our side. Please try again.")
    return protocol.error(message, client_key=frame.client_key)


def reply(frame: Frame, outcome: Outcome) -> str:
    """The sender's answer: its extra HTML and an ack, or the refusal for that user only."""
    if isinstance(outcome, ProtocolError):
        return protocol.error(outcome.message, client_key=frame.client_key)
    if isinstance(outcome, ActionError):
        # A handler may attach HTML for the sender to a refusal (e.g. text to merge).
        return protocol.join(
            protocol.error(outcome.message, client_key=frame.client_key, field=outcome.field),
            getattr(outcome, "sender_html", ""),
        )
    return protocol.join(outcome, protocol.ack(frame.client_key))
