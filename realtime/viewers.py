"""Who is on the other end of a websocket, decided once when it connects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from realtime.fragments import AUDIENCES, PARTICIPANT
from workshops.actions.base import Actor, is_facilitator_of
from workshops.codes import participant_cookie_name
from workshops.models import Participant, Workshop
from workshops.selectors import participant_by_token, workshop_by_code

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Viewer:
    workshop_id: int
    audience: str
    language: str
    participant_id: int | None = None
    user_id: int | None = None

    def ids_only(self) -> tuple[Actor, Workshop]:
        """A participant's actor and workshop as unread rows, only their ids set: for actions
        that read (and lock) both themselves first thing."""
        participant = Participant(pk=self.participant_id, workshop_id=self.workshop_id)
        return Actor.for_participant(participant), Workshop(pk=self.workshop_id)

    def actor_and_workshop(self) -> tuple[Actor, Workshop]:
        """The actor and the workshop as of now; one read for a participant (every dot and
        idea of a room of phones goes through here)."""
        if self.participant_id:
            participant = Participant.objects.select_related("workshop").get(pk=self.participant_id)
            return Actor.for_participant(participant), participant.workshop
        user = get_user_model().objects.get(pk=self.user_id)
        return Actor.for_facilitator(user), Workshop.objects.get(pk=self.workshop_id)


def viewer_language(cookies: dict[str, str], workshop: Workshop) -> str:
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGE_CODES else workshop.language


def identify(scope: dict[str, Any], code: str, audience: str) -> Viewer | None:
    """The viewer for a websocket scope, or None if it may not watch this screen.

    Participants are known by their cookie's token; the facilitator console and the projector
    need a signed-in facilitator of this workshop.
    """
    workshop = workshop_by_code(code)
    if workshop is None or audience not in AUDIENCES:
        return None
    cookies = scope.get("cookies", {})
    language = viewer_language(cookies, workshop)
    if audience == PARTICIPANT:
        participant = participant_by_token(
            workshop, cookies.get(participant_cookie_name(workshop.join_code))
        )
        if participant is None:
            return None
        return Viewer(workshop.pk, audience, language, participant_id=participant.pk)
    user = scope.get("user")
    if not is_facilitator_of(user, workshop):
        return None
    return Viewer(workshop.pk, audience, language, user_id=user.pk)
