"""Words that fit the meeting: its screens call it what it is."""

import pytest
from django.utils import translation

from processes.actions.templates import do_create_workshop_from_template
from processes.models import MeetingTemplate
from tests.conftest import make_workshop, set_phase
from workshops.meeting_words import SENTENCES, meeting_says
from workshops.models import MeetingType
from workshops.screens import render_screen


def test_every_sentence_exists_for_every_kind_of_meeting():
    for variants in SENTENCES.values():
        assert set(variants) == set(MeetingType)


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [
        ("sv", MeetingType.LARGE_MEETING, "stormötet"),
        ("da", MeetingType.LARGE_MEETING, "stormødet"),
        ("da", MeetingType.DIALOGUE_MEETING, "dialogmødet"),
        ("en", MeetingType.WORKSHOP, "The workshop starts soon"),
    ],
)
def test_the_phones_welcome_names_the_meeting(facilitator, language, kind, expected):
    workshop = make_workshop(facilitator, language=language)
    workshop.meeting_type = kind
    workshop.save()
    with translation.override(language):
        html = render_screen(workshop, "participant")
    assert expected in html.casefold() or expected in html
    closed = set_phase(workshop, "closed")
    with translation.override(language):
        assert meeting_says(kind, "closed") in render_screen(closed, "participant")


def test_a_template_sets_the_kind_of_meeting_and_staff_may_change_it(facilitator):
    facilitator.is_staff = True
    facilitator.save()
    knowledge = MeetingTemplate.objects.get(key="knowledge-meeting", language="sv")
    workshop = do_create_workshop_from_template(user=facilitator, template=knowledge)
    assert workshop.meeting_type == MeetingType.DIALOGUE_MEETING
    big = do_create_workshop_from_template(
        user=facilitator, template=knowledge, meeting_type=MeetingType.LARGE_MEETING
    )
    assert big.meeting_type == MeetingType.LARGE_MEETING
