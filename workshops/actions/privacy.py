"""A person's rights over their data: forgetting a name, deleting one's contributions, and the
erasure of personal data by staff or once the retention period is over (README, "Personal data").

Erasing personal data keeps what was contributed (ideas, cards, dots, comments) but nothing
that says who: no name, no organisation, no device, no token that links a phone to the rows.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Participant, Workshop

# Event kinds (rendered as a whole screen: every list may name or hold the person).
NAME_ERASED = "participant.name_erased"
CONTRIBUTIONS_DELETED = "participant.contributions_deleted"


def _forget(participant: Participant, *, completely: bool, keep_bar: bool = False) -> None:
    """Remove what identifies `participant`; `completely` also unlinks their phone and device
    (staff erasure, retention), so the rows that stay cannot be tied to anyone. `keep_bar`
    keeps a removed participant's device key (a keyed hash, no name) so the removal still holds
    while the workshop runs; the retention rule clears it."""
    from ideas.models import Initiative
    from registrations.models import Registration

    old_name = participant.display_name
    participant.display_name = ""
    participant.anonymous = True
    participant.organisation = None
    participant.erased_at = timezone.now()
    fields = ["display_name", "anonymous", "organisation", "erased_at"]
    if completely:
        participant.token_hash = Participant.hash_token(secrets.token_urlsafe(32))
        fields.append("token_hash")
        if not keep_bar:
            participant.device_key = ""
            fields.append("device_key")
    participant.save(update_fields=fields)
    _forget_registrations(Registration.objects.filter(participant=participant))
    if old_name:
        # Shared texts remember who edited each field last, by name.
        anonymous = str(_("Anonymous"))
        initiatives = Initiative.objects.filter(workshop=participant.workshop_id)
        for initiative in initiatives.filter(field_editors__icontains=old_name):
            editors = {
                field: anonymous if name == old_name else name
                for field, name in initiative.field_editors.items()
            }
            if editors != initiative.field_editors:
                Initiative.objects.filter(pk=initiative.pk).update(field_editors=editors)


def _forget_registrations(registrations) -> int:
    """A sign-up before the day (registrations app) holds a name, an e-mail address and needs."""
    return registrations.exclude(name="", email="", needs="").update(name="", email="", needs="")


def do_forget_my_name(*, actor: Actor, workshop: Workshop) -> Participant:
    """A participant takes back their name and organisation: what they posted stays, as
    Anonymous. Every screen shows it at once."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "privacy.forget_name")
        participant = Participant.objects.select_for_update().get(pk=actor.participant.pk)
        _forget(participant, completely=False)
        record_event(workshop, NAME_ERASED, actor=actor, payload={"participant_id": participant.pk})
    return participant


def do_delete_my_contributions(*, actor: Actor, workshop: Workshop) -> dict[str, int]:
    """A participant deletes what they wrote: their ideas, cards and comments. Their dots
    stay in the counts (they name no one), and topics they hosted stay, without a host, since
    others gathered there. Returns how many of each were deleted."""
    from ideas.models import Idea, InitiativeComment
    from workshops.models import KnowledgeCard, Space

    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "privacy.delete_contributions")
        participant = actor.participant
        ideas = Idea.objects.filter(workshop=workshop, author=participant)
        cards = KnowledgeCard.objects.filter(workshop=workshop, author=participant)
        comments = InitiativeComment.objects.filter(author=participant)
        deleted = {
            "idea_ids": list(ideas.values_list("pk", flat=True)),
            "card_ids": list(cards.values_list("pk", flat=True)),
            "comment_ids": list(comments.values_list("pk", flat=True)),
        }
        ideas.delete()
        cards.delete()
        comments.delete()
        Space.objects.filter(workshop=workshop, host=participant).update(host=None)
        record_event(
            workshop,
            CONTRIBUTIONS_DELETED,
            actor=actor,
            payload={"participant_id": participant.pk, **deleted},
        )
    return {kind.removesuffix("_ids"): len(ids) for kind, ids in deleted.items()}


def do_erase_participant(*, actor: Actor, workshop: Workshop, participant_id: int) -> Participant:
    """Staff erase one participant's personal data (on request, or by their own judgement):
    as forgetting their name, and their phone and device are no longer linked to them."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "participant.erase")
        participant = (
            Participant.objects.select_for_update()
            .filter(workshop=workshop, pk=participant_id)
            .first()
        )
        if participant is None:
            raise ActionError(_("That participant is not in this workshop."), code="not_found")
        barred = participant.removed_at is not None and not workshop.is_closed
        _forget(participant, completely=True, keep_bar=barred)
        record_event(workshop, NAME_ERASED, actor=actor, payload={"participant_id": participant.pk})
    return participant


def expired_workshops(*, days: int, now=None):
    """Workshops closed more than `days` ago that still hold someone's personal data."""
    from registrations.models import Registration

    cutoff = (now or timezone.now()) - timedelta(days=days)
    signed_up = Registration.objects.filter(invitation__workshop=OuterRef("pk")).exclude(
        name="", email="", needs=""
    )
    unerased = Q(participants__erased_at__isnull=True) | Q(Exists(signed_up))
    return Workshop.objects.filter(unerased, closed_at__lt=cutoff).distinct()


def do_erase_expired_personal_data(*, days: int, now=None) -> dict[Workshop, int]:
    """The retention rule: erase the personal data of every participant (and everyone who
    signed up) of workshops closed more than `days` ago. Returns how many people were erased
    per workshop. Nothing is
    published: a closed workshop has no live screens."""
    erased: dict[Workshop, int] = {}
    for workshop in expired_workshops(days=days, now=now):
        with transaction.atomic():
            workshop = lock_workshop(workshop.pk)
            people = list(
                Participant.objects.select_for_update().filter(
                    workshop=workshop, erased_at__isnull=True
                )
            )
            for participant in people:
                _forget(participant, completely=True)
            # Everyone who signed up, whether or not they came.
            from registrations.models import Registration

            signed_up = _forget_registrations(
                Registration.objects.filter(invitation__workshop=workshop, participant=None)
            )
            erased[workshop] = len(people) + signed_up
    return erased
