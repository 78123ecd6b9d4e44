"""The sentences a meeting's screens say that name the kind of meeting (Workshop.meeting_type).

Whole sentences per kind, not a noun put into one sentence: Danish and Swedish inflect the
noun ("værkstedet", "stormødet", "dialogmødet"), so each sentence is translated as a whole.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from workshops.models import MeetingType

SENTENCES = {
    "welcome": {
        MeetingType.WORKSHOP: _(
            "Welcome! The workshop starts soon. Keep this page open – it follows along by itself."
        ),
        MeetingType.LARGE_MEETING: _(
            "Welcome! The large meeting starts soon. Keep this page open – it follows along "
            "by itself."
        ),
        MeetingType.DIALOGUE_MEETING: _(
            "Welcome! The dialogue meeting starts soon. Keep this page open – it follows along "
            "by itself."
        ),
    },
    "closed": {
        MeetingType.WORKSHOP: _("The workshop is closed. Thank you for taking part!"),
        MeetingType.LARGE_MEETING: _("The large meeting is closed. Thank you for taking part!"),
        MeetingType.DIALOGUE_MEETING: _(
            "The dialogue meeting is closed. Thank you for taking part!"
        ),
    },
    "ended": {
        MeetingType.WORKSHOP: _("This workshop has ended. Thank you for taking part."),
        MeetingType.LARGE_MEETING: _("This large meeting has ended. Thank you for taking part."),
        MeetingType.DIALOGUE_MEETING: _(
            "This dialogue meeting has ended. Thank you for taking part."
        ),
    },
    "close_confirm": {
        MeetingType.WORKSHOP: _("Close the workshop? It becomes read-only."),
        MeetingType.LARGE_MEETING: _("Close the large meeting? It becomes read-only."),
        MeetingType.DIALOGUE_MEETING: _("Close the dialogue meeting? It becomes read-only."),
    },
}


def meeting_says(meeting_type: str, sentence: str) -> str:
    """`sentence` ("welcome", "closed", "ended", "close_confirm") for this kind of meeting,
    in the active language; a kind not known here speaks as a workshop."""
    variants = SENTENCES[sentence]
    return str(variants.get(meeting_type, variants[MeetingType.WORKSHOP]))
