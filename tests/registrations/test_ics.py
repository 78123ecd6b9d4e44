"""The meeting's calendar file: RFC 5545 that a real parser reads back to the same meeting."""

from datetime import UTC, datetime

import icalendar
import pytest

from registrations.ics import escape_text, fold
from tests.conftest import make_workshop
from tests.registrations.conftest import make_invitation

pytestmark = pytest.mark.django_db


def test_text_is_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_letter():
    line = "DESCRIPTION:" + "æøå" * 60
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(physical)) == line


def test_the_calendar_file_parses_back_to_the_meeting(client, facilitator):
    workshop = make_workshop(
        facilitator,
        title="Idéværksted; ældre, unge og foreninger",
        question="Hvordan mødes flere på tværs af alder? " * 4,
    )
    invitation = make_invitation(
        workshop,
        starts_at=datetime(2031, 3, 12, 17, 0, tzinfo=UTC),
        ends_at=datetime(2031, 3, 12, 20, 0, tzinfo=UTC),
        registration_deadline=datetime(2031, 3, 5, 12, 0, tzinfo=UTC),
        place="Medborgerhuset, sal 2",
        address="Skolevej 4; 9999 Nordby",
    )
    response = client.get(f"/i/{invitation.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"DTSTART:20310312T170000Z" in raw

    calendar = icalendar.Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Idéværksted; ældre, unge og foreninger"
    assert str(event["LOCATION"]) == "Medborgerhuset, sal 2, Skolevej 4; 9999 Nordby"
    assert event.decoded("DTSTART") == datetime(2031, 3, 12, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2031, 3, 12, 20, 0, tzinfo=UTC)
    description = str(event["DESCRIPTION"])
    assert description.startswith("Hvordan mødes flere")
    assert "18.30 Welcome" in description
    assert "Mette Holm" in description
    assert str(event["URL"]).endswith(f"/i/{invitation.slug}/")
    assert str(event["UID"]).startswith(f"invitation-{invitation.pk}@")
