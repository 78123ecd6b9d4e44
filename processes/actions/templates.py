"""Meeting templates: save a workshop's set-up, and start a workshop from one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from processes.actions.access import check_staff
from processes.models import MeetingTemplate
from processes.setup import read_setup, setup_of
from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, lock_workshop
from workshops.actions.workshop import do_create_workshop
from workshops.models import KnowledgeCard, SpaceLocation, SpaceSlot, Workshop
from workshops.text import clean_line, clean_text

TEMPLATE_NAME_MAX = 120


def check_template_name(name: str) -> None:
    if not name:
        raise ActionError(_("Give the template a name."), field="name")
    if len(name) > TEMPLATE_NAME_MAX:
        raise ActionError(
            _("A name can be at most %(max)d characters.") % {"max": TEMPLATE_NAME_MAX},
            field="name",
        )


def do_save_template(
    *, user, workshop: Workshop, name: str, description: str = ""
) -> MeetingTemplate:
    """Save `workshop`'s set-up (cards, Open Space places and slots, voting, phases, anonymity
    and credit) as a new template in the workshop's language."""
    check_staff(user)  # any staff member: a template keeps the set-up, nobody's contributions
    name, description = clean_line(name), clean_text(description)
    check_template_name(name)
    return MeetingTemplate.objects.create(
        name=name,
        description=description[:1000],
        language=workshop.language,
        setup=setup_of(workshop),
        created_by=user,
    )


def do_delete_template(*, user, template: MeetingTemplate) -> None:
    check_staff(user)
    if template.builtin:
        raise ActionError(_("The templates that come with Samskab cannot be deleted."))
    template.delete()


def do_create_workshop_from_template(
    *,
    user,
    template: MeetingTemplate,
    title: str = "",
    question: str = "",
    meeting_type: str = "",
    base_url: str = "",
) -> Workshop:
    """A new workshop set up as `template` says: settings, phases, knowledge cards, Open Space
    places and slots. A title, question or kind of meeting given here wins over the
    template's own."""
    setup = read_setup(
        {**template.setup, **({"meeting_type": meeting_type} if meeting_type else {})}
    )
    actor = Actor.for_facilitator(user)
    with transaction.atomic():
        workshop = do_create_workshop(
            actor=actor,
            title=title or setup["title"] or template.name,
            question=question or setup["question"],
            language=template.language,
            vote_budget=setup["vote_budget"],
            max_votes_per_idea=setup["max_votes_per_idea"],
            anonymous_allowed=setup["anonymous_allowed"],
            use_spaces=setup["use_spaces"],
            credit_participants=setup["credit_participants"],
            base_url=base_url,
        )
        workshop = apply_setup(actor=actor, workshop=workshop, setup=setup)
    return workshop


def apply_setup(*, actor: Actor, workshop: Workshop, setup: dict) -> Workshop:
    """Give a new workshop the template's phases, cards and Open Space grid (one event)."""
    workshop = lock_workshop(workshop.pk)
    workshop.phases_used = setup["phases"]
    workshop.meeting_type = setup["meeting_type"]
    workshop.save(update_fields=["phases_used", "meeting_type"])
    KnowledgeCard.objects.bulk_create(
        KnowledgeCard(workshop=workshop, kind=c["kind"], title=c["title"], body=c["body"])
        for c in setup["cards"]
    )
    SpaceLocation.objects.bulk_create(
        SpaceLocation(workshop=workshop, name=name, position=position)
        for position, name in enumerate(setup["locations"])
    )
    SpaceSlot.objects.bulk_create(
        SpaceSlot(workshop=workshop, label=label, position=position)
        for position, label in enumerate(setup["slots"])
    )
    record_event(workshop, "workshop.updated", actor=actor)
    return workshop
