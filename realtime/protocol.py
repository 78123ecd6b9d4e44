"""The wire format between the server and `static/js/realtime.js`. Nothing else knows it.

Incoming frames are JSON objects in the shape the htmx ws extension sends: the form's fields,
plus `HEADERS`. The verb is the form's `verb` field; submissions carry a `client_key` (UUID)
made by the client so a resent frame is stored once.

Outgoing frames are HTML. Every top-level element is one instruction, all idempotent, so a
replayed or doubled frame changes nothing:

- an element with an `id`: replace the element with that id (a region or an item);
- `<div data-rt="upsert" data-into="ID" [data-at="start"]>ITEM</div>`: replace ITEM (matched by
  its id) if present, else insert it into the container ID;
- `<div data-rt="remove" data-target="ID">`: remove the element with that id if present;
- `<div data-rt="seq" data-seq="N">`: the workshop event sequence this screen is now at;
- `<div data-rt="ack" data-key="KEY">`: the submission KEY is stored;
- `<div data-rt="error" data-key="KEY" data-field="NAME">message</div>`: KEY was refused;
  with `data-retry="1"` it was not refused but could not be saved yet (the database was busy):
  the client keeps it queued and sends it again;
- `<div data-rt="notice">message</div>`: a message for this user;
- `<div data-rt="reload">`: load the page again (the user was removed, or the page moved on).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_FRAME_BYTES = 16 * 1024
CONTROL_FIELDS = {"HEADERS", "verb", "client_key", "seq"}


class ProtocolError(Exception):
    """A frame that cannot be understood. The message goes back to that client only."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Frame:
    verb: str
    fields: dict[str, str] = field(default_factory=dict)
    client_key: uuid.UUID | None = None
    seq: int | None = None


def parse(text: str | None, data: bytes | None = None) -> Frame:
    """Turn one incoming websocket frame into a Frame, or raise ProtocolError."""
    if data is not None and text is None:
        raise ProtocolError(_("Binary messages are not supported."))
    if text is None or len(text.encode()) > MAX_FRAME_BYTES:
        raise ProtocolError(_("The message is too large."))
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser goes
        raise ProtocolError(_("The message could not be read.")) from None
    if not isinstance(raw, dict):
        raise ProtocolError(_("The message could not be read."))
    verb = raw.get("verb")
    if not isinstance(verb, str) or not verb:
        raise ProtocolError(_("The message does not say what to do."))
    fields: dict[str, str] = {}
    for name, value in raw.items():
        if name in CONTROL_FIELDS:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ProtocolError(_("The message has a field that could not be read."))
        fields[name] = str(value)
    client_key = None
    if raw.get("client_key") not in (None, ""):
        try:
            client_key = uuid.UUID(str(raw["client_key"]))
        except ValueError:
            raise ProtocolError(_("The message has an invalid key.")) from None
    seq = raw.get("seq")
    if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int) or seq < 0):
        raise ProtocolError(_("The message has an invalid sequence number."))
    return Frame(verb=verb, fields=fields, client_key=client_key, seq=seq)


def join(*parts: str) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped HTML already


def upsert(item_html: str, *, into: str, at_start: bool = False) -> SafeString:
    """`item_html` is rendered template output (already escaped)."""
    at = "start" if at_start else "end"
    return format_html(
        '<div data-rt="upsert" data-into="{}" data-at="{}">{}</div>', into, at, item_html
    )


def remove(target_id: str) -> SafeString:
    return format_html('<div data-rt="remove" data-target="{}"></div>', target_id)


def seq_marker(seq: int) -> SafeString:
    return format_html('<div data-rt="seq" data-seq="{}"></div>', seq)


def ack(client_key: uuid.UUID | None) -> SafeString:
    if client_key is None:
        return mark_safe("")
    return format_html('<div data-rt="ack" data-key="{}"></div>', client_key)


def error(
    message: Any, *, client_key: uuid.UUID | None = None, field: str = "", retry: bool = False
) -> SafeString:
    return format_html(
        '<div data-rt="error" data-key="{}" data-field="{}"{}>{}</div>',
        client_key or "",
        field,
        mark_safe(' data-retry="1"') if retry else "",  # noqa: S308 - a constant
        message,
    )


def notice(message: Any) -> SafeString:
    return format_html('<div data-rt="notice">{}</div>', message)


def reload() -> SafeString:
    return mark_safe('<div data-rt="reload"></div>')
