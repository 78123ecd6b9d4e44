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
# Verbs whose action reads and locks the workshop and the actor's rows itself (dots): their
# handler gets the ids only, which saves a read per frame in a burst of hundreds a second.
_reads_own_rows: set[str] = set()


def handles(*verbs: str, reads_own_rows: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for verb in verbs:
            _handlers[verb] = handler
            if reads_own_rows:
                _reads_own_rows.add(verb)
        return handler

    return register


def known_verbs() -> frozenset[str]:
    return frozenset(_handlers)


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
    handler = _handlers.get(frame.verb)
    if handler is None:
        raise ProtocolError(_("Unknown action."))
    if frame.verb in _reads_own_rows and viewer.participant_id:
        actor, workshop = viewer.ids_only()
    else:
        actor, workshop = viewer.actor_and_workshop()
    return handler(actor, workshop, frame) or ""


def dispatch(viewer: Viewer, frame: Frame) -> str:
    """Run one verb for a websocket: the reply is an ack, or an error for that user only."""
    with translation.override(viewer.language):
        try:
            extra = run(viewer, frame)
        except ProtocolError as refused:
            return protocol.error(refused.message, client_key=frame.client_key)
        except ActionError as refused:
            # A handler may attach HTML for the sender to a refusal (e.g. text to merge).
            return protocol.join(
                protocol.error(refused.message, client_key=frame.client_key, field=refused.field),
                getattr(refused, "sender_html", ""),
            )
        except OperationalError:
            # A lock held past DB_LOCK_TIMEOUT or a lost connection: the transaction rolled
            # back, nothing was written. The client keeps the submission and sends it again.
            logger.warning("Verb %s not saved (database busy)", frame.verb, exc_info=True)
            return protocol.error(
                _("Not saved yet: the server is busy. Retrying…"),
                client_key=frame.client_key,
                retry=True,
            )
        return protocol.join(extra, protocol.ack(frame.client_key))
