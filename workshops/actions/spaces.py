"""Open Space in the idea phase: the agenda wall (places × time slots), the topics participants
propose and host, who is in which space (the law of two feet), and each session's report."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Participant, Space, SpaceLocation, SpaceSlot, Workshop
from workshops.text import clean_line, clean_text

TOPIC_MAX = 140
LOCATION_NAME_MAX = 80
SLOT_LABEL_MAX = 40
REPORT_LIMITS = {"report_key_points": 2000, "report_who": 1000, "report_next_step": 1000}
CONFIGURE_OPS = (
    "add_location",
    "rename_location",
    "delete_location",
    "add_slot",
    "rename_slot",
    "delete_slot",
)
ARRANGE_OPS = ("move", "merge")


def check_uses_spaces(workshop: Workshop) -> None:
    if not workshop.use_spaces:
        raise ActionError(_("This workshop does not use Open Space spaces."), code="no_spaces")


def _space(workshop: Workshop, space_id: int | None) -> Space:
    space = Space.objects.filter(workshop=workshop, pk=space_id).first() if space_id else None
    if space is None:
        raise ActionError(_("That topic no longer exists."), code="not_found")
    return space


def _location(workshop: Workshop, location_id: int | None) -> SpaceLocation:
    found = SpaceLocation.objects.filter(workshop=workshop, pk=location_id).first()
    if found is None:
        raise ActionError(_("That place no longer exists."), field="location_id", code="not_found")
    return found


def _slot(workshop: Workshop, slot_id: int | None) -> SpaceSlot:
    found = SpaceSlot.objects.filter(workshop=workshop, pk=slot_id).first()
    if found is None:
        raise ActionError(_("That time slot no longer exists."), field="slot_id", code="not_found")
    return found


def _check_name(value: str, *, limit: int, field: str) -> str:
    value = clean_line(value)
    if not value:
        raise ActionError(_("Write a name first."), field=field)
    if len(value) > limit:
        raise ActionError(
            _("A name can be at most %(max)d characters.") % {"max": limit}, field=field
        )
    return value


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def do_configure_spaces(
    *,
    actor: Actor,
    workshop: Workshop,
    op: str,
    name: str = "",
    location_id: int | None = None,
    slot_id: int | None = None,
) -> None:
    """The facilitator adds, renames or deletes a place (table, room) or a time slot, before or
    during the day. Topics in a deleted place or slot go back to the unplaced list."""
    if op not in CONFIGURE_OPS:
        raise ActionError(_("Unknown change."), field="op")
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "space.configure")
        if op == "add_location":
            SpaceLocation.objects.create(
                workshop=workshop,
                name=_check_name(name, limit=LOCATION_NAME_MAX, field="name"),
                position=_next_position(workshop.locations),
            )
        elif op == "add_slot":
            SpaceSlot.objects.create(
                workshop=workshop,
                label=_check_name(name, limit=SLOT_LABEL_MAX, field="name"),
                position=_next_position(workshop.slots),
            )
        elif op == "rename_location":
            location = _location(workshop, location_id)
            location.name = _check_name(name, limit=LOCATION_NAME_MAX, field="name")
            location.save(update_fields=["name"])
        elif op == "rename_slot":
            slot = _slot(workshop, slot_id)
            slot.label = _check_name(name, limit=SLOT_LABEL_MAX, field="name")
            slot.save(update_fields=["label"])
        elif op == "delete_location":
            location = _location(workshop, location_id)
            Space.objects.filter(location=location).update(location=None, slot=None)
            location.delete()
        else:
            slot = _slot(workshop, slot_id)
            Space.objects.filter(slot=slot).update(location=None, slot=None)
            slot.delete()
        record_event(workshop, "space.configured", actor=actor, payload={"op": op})


def do_propose_space(
    *, actor: Actor, workshop: Workshop, topic: str, client_key: uuid.UUID | None
) -> tuple[Space, bool]:
    """A participant proposes a topic and becomes its host. Returns (space, created): a resent
    proposal with the same client key returns the topic stored the first time."""
    topic = clean_line(topic)
    if not topic:
        raise ActionError(_("Write the topic you want to host."), field="topic")
    if len(topic) > TOPIC_MAX:
        raise ActionError(
            _("A topic can be at most %(max)d characters.") % {"max": TOPIC_MAX}, field="topic"
        )
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        if client_key is not None and actor.participant is not None:
            existing = Space.objects.filter(host=actor.participant, client_key=client_key).first()
            if existing:
                return existing, False
        check_verb(workshop, actor, "space.propose")
        check_uses_spaces(workshop)
        space = Space.objects.create(
            workshop=workshop, topic=topic, host=actor.participant, client_key=client_key
        )
        record_event(workshop, "space.proposed", actor=actor, payload={"space_id": space.pk})
    return space, True


def _cell(
    workshop: Workshop, location_id: int | None, slot_id: int | None
) -> tuple[SpaceLocation | None, SpaceSlot | None]:
    """The cell a topic goes to; no place and no slot means back to the unplaced list."""
    if not location_id and not slot_id:
        return None, None
    if not location_id or not slot_id:
        raise ActionError(_("Choose both a place and a time."), field="cell")
    return _location(workshop, location_id), _slot(workshop, slot_id)


def _put_in_cell(space: Space, location: SpaceLocation | None, slot: SpaceSlot | None) -> None:
    if location is not None:
        taken = Space.objects.filter(location=location, slot=slot).exclude(pk=space.pk).first()
        if taken is not None:
            raise ActionError(
                _("%(place)s at %(time)s is already taken by “%(topic)s”. Choose a free one.")
                % {"place": location.name, "time": slot.label, "topic": taken.topic},
                field="cell",
                code="taken",
            )
    space.location, space.slot = location, slot
    try:
        with transaction.atomic():  # the unique constraint is the last word under a race
            space.save(update_fields=["location", "slot"])
    except IntegrityError:
        raise ActionError(
            _("That place and time was just taken. Choose a free one."), field="cell"
        ) from None


def do_place_space(
    *,
    actor: Actor,
    workshop: Workshop,
    space_id: int,
    location_id: int | None,
    slot_id: int | None,
) -> Space:
    """The host puts their topic in a free cell of the agenda wall (or takes it off again)."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "space.place")
        check_uses_spaces(workshop)
        space = _space(workshop, space_id)
        if actor.participant is None or space.host_id != actor.participant.pk:
            raise ActionError(_("Only the host can place this topic."), code="forbidden")
        location, slot = _cell(workshop, location_id, slot_id)
        _put_in_cell(space, location, slot)
        record_event(workshop, "space.placed", actor=actor, payload={"space_id": space.pk})
    return space


def do_arrange_spaces(
    *,
    actor: Actor,
    workshop: Workshop,
    op: str,
    space_id: int,
    location_id: int | None = None,
    slot_id: int | None = None,
    into_id: int | None = None,
) -> Space:
    """The facilitator moves a topic to another cell (`move`) or merges it into another topic
    (`merge`): its ideas and the people in it move over, its report is appended, it goes.
    Returns the topic that remains."""
    if op not in ARRANGE_OPS:
        raise ActionError(_("Unknown change."), field="op")
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "space.arrange")
        space = _space(workshop, space_id)
        if op == "move":
            location, slot = _cell(workshop, location_id, slot_id)
            _put_in_cell(space, location, slot)
            record_event(workshop, "space.placed", actor=actor, payload={"space_id": space.pk})
            return space
        if not into_id or into_id == space.pk:
            raise ActionError(_("Choose another topic to merge into."), field="into_id")
        target = _space(workshop, into_id)
        space.ideas.update(space=target)
        Participant.objects.filter(space=space).update(space=target)
        for field in REPORT_LIMITS:
            parts = [part for part in (getattr(target, field), getattr(space, field)) if part]
            setattr(target, field, "\n\n".join(parts)[: REPORT_LIMITS[field]])
        target.save(update_fields=list(REPORT_LIMITS))
        space.delete()
        record_event(
            workshop,
            "space.merged",
            actor=actor,
            payload={"space_id": target.pk, "merged_id": space_id},
        )
    return target


def do_join_space(*, actor: Actor, workshop: Workshop, space_id: int) -> Space:
    """A participant goes to a space; joining another one is moving (the law of two feet)."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "space.join")
        check_uses_spaces(workshop)
        space = _space(workshop, space_id)
        participant = Participant.objects.get(pk=actor.participant.pk)
        previous = participant.space_id
        if previous != space.pk:
            participant.space = space
            participant.save(update_fields=["space"])
            record_event(
                workshop,
                "space.joined",
                actor=actor,
                payload={
                    "participant_id": participant.pk,
                    "space_id": space.pk,
                    "from_space_id": previous,
                },
            )
    return space


def do_leave_space(*, actor: Actor, workshop: Workshop) -> None:
    """A participant leaves the space they are in; new ideas belong to no space."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "space.leave")
        check_uses_spaces(workshop)
        participant = Participant.objects.get(pk=actor.participant.pk)
        previous = participant.space_id
        if previous is not None:
            participant.space = None
            participant.save(update_fields=["space"])
            record_event(
                workshop,
                "space.left",
                actor=actor,
                payload={
                    "participant_id": participant.pk,
                    "space_id": None,
                    "from_space_id": previous,
                },
            )


def do_report_space(
    *,
    actor: Actor,
    workshop: Workshop,
    space_id: int,
    key_points: str,
    who: str = "",
    next_step: str = "",
) -> Space:
    """The host, or anyone in the space, writes the session's short report."""
    values = {
        "report_key_points": clean_text(key_points),
        "report_who": clean_text(who),
        "report_next_step": clean_text(next_step),
    }
    fields = {
        "report_key_points": "key_points",
        "report_who": "who",
        "report_next_step": "next_step",
    }
    for name, value in values.items():
        if len(value) > REPORT_LIMITS[name]:
            raise ActionError(
                _("This can be at most %(max)d characters.") % {"max": REPORT_LIMITS[name]},
                field=fields[name],
            )
    if not any(values.values()):
        raise ActionError(_("Write at least the key points."), field="key_points")
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "space.report")
        check_uses_spaces(workshop)
        space = _space(workshop, space_id)
        participant = Participant.objects.get(pk=actor.participant.pk)
        if space.host_id != participant.pk and participant.space_id != space.pk:
            raise ActionError(_("Join this space to write its report."), code="forbidden")
        for name, value in values.items():
            setattr(space, name, value)
        space.save(update_fields=list(values))
        record_event(workshop, "space.reported", actor=actor, payload={"space_id": space.pk})
    return space
