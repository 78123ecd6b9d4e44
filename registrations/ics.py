"""An iCalendar file (RFC 5545) for a meeting: one VEVENT, times in UTC, text escaped, long
lines folded at 75 octets, CRLF line ends."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from registrations.models import Invitation

LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuations starting with a
    space (§3.1), never inside a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1  # the leading space is an octet
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def meeting_calendar(invitation: Invitation, *, url: str, host: str, description: str) -> bytes:
    """The meeting as a calendar file. `url` is the invitation's address, `host` names this
    site in the event's UID, `description` is the (already translated) body text."""
    workshop = invitation.workshop
    location = ", ".join(part for part in (invitation.place, invitation.address) if part)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samskab//Invitations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:invitation-{invitation.pk}@{host}",
        f"DTSTAMP:{utc_stamp(timezone.now())}",
        f"LAST-MODIFIED:{utc_stamp(invitation.updated_at)}",
        f"DTSTART:{utc_stamp(invitation.starts_at)}",
        f"DTEND:{utc_stamp(invitation.ends_at)}",
        f"SUMMARY:{escape_text(workshop.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(location)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
