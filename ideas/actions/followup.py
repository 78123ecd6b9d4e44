"""Following initiatives up after the workshop, and publishing catalogues: staff actions.

Follow-up changes are not live-workshop events, so they do not call `record_event`: no
workshop screen shows an initiative's follow-up status, progress, owner or milestones, and the
refinement screens' stale-edit checks (`field_versions`) cover only the fields the
group edits together, which these actions never touch. Each write locks the initiative row
instead, so two staff members saving at once queue rather than interleave. Publishing and
unpublishing a catalogue do record an event per workshop: closed phones show its link.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.catalogue_entries import DocumentOptions
from ideas.models import Initiative, Milestone, PublishedCatalogue
from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, lock_workshop
from workshops.models import Workshop
from workshops.text import clean_line, clean_text

MILESTONE_TITLE_MAX = 200
MILESTONE_TEXT_MAX = 4000
PUBLICATION_TITLE_MAX = 200
PUBLICATION_PERIOD_MAX = 200
PUBLICATION_CONTACT_MAX = 300


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def check_staff(*, user) -> None:
    """Refuse anyone who is not an active staff user."""
    if not is_staff(user):
        raise ActionError(_("Only staff can follow up initiatives."), code="forbidden")


def check_followup(*, user, status: str, progress: int, owner_id: int | None) -> None:
    """Validate a follow-up change: a known status, progress 0–100, an active staff owner."""
    check_staff(user=user)
    if status not in Initiative.Status.values:
        raise ActionError(_("Choose a status."), field="status")
    if not 0 <= progress <= 100:
        raise ActionError(_("Progress is a percentage from 0 to 100."), field="progress")
    if owner_id is not None and not (
        get_user_model().objects.filter(pk=owner_id, is_staff=True, is_active=True).exists()
    ):
        raise ActionError(_("The owner must be an active staff member."), field="owner")


def do_update_followup(
    *, user, initiative_id: int, status: str, progress: int, owner_id: int | None
) -> Initiative:
    """Set an initiative's follow-up status, progress and owner. Marking it done with
    progress left below 100 sets progress to 100."""
    check_followup(user=user, status=status, progress=progress, owner_id=owner_id)
    if status == Initiative.Status.DONE:
        progress = 100
    with transaction.atomic():
        initiative = _locked_initiative(initiative_id)
        initiative.status, initiative.progress, initiative.owner_id = status, progress, owner_id
        initiative.save(update_fields=["status", "progress", "owner", "updated_at"])
    return initiative


def check_milestone(*, user, date: datetime.date | None, title: str, text: str) -> None:
    check_staff(user=user)
    if date is None:
        raise ActionError(_("Give the milestone a date."), field="date")
    if not title.strip():
        raise ActionError(_("Give the milestone a title."), field="title")
    if len(title) > MILESTONE_TITLE_MAX:
        raise ActionError(
            _("A title can be at most %(max)d characters.") % {"max": MILESTONE_TITLE_MAX},
            field="title",
        )
    if len(text) > MILESTONE_TEXT_MAX:
        raise ActionError(
            _("The text can be at most %(max)d characters.") % {"max": MILESTONE_TEXT_MAX},
            field="text",
        )


def do_add_milestone(
    *, user, initiative_id: int, date: datetime.date, title: str, text: str = ""
) -> Milestone:
    """Record a dated step in an initiative's follow-up."""
    title, text = clean_line(title), clean_text(text)
    check_milestone(user=user, date=date, title=title, text=text)
    with transaction.atomic():
        initiative = _locked_initiative(initiative_id)
        return Milestone.objects.create(
            initiative=initiative, date=date, title=title, text=text, author=user
        )


def do_publish_catalogue(
    *,
    user,
    workshops: Sequence[Workshop],
    title: str = "",
    options: DocumentOptions | None = None,
) -> PublishedCatalogue:
    """Make a catalogue of `workshops` readable by anyone with its unguessable link, with
    the introduction, title page details and hidden parts staff chose (`options`)."""
    options = options or DocumentOptions()
    check_staff(user=user)
    if not workshops:
        raise ActionError(_("Choose at least one workshop."), field="workshops")
    title = clean_line(title) or workshops[0].title
    if len(title) > PUBLICATION_TITLE_MAX:
        raise ActionError(_("The title is too long."), field="title")
    if len(clean_line(options.period)) > PUBLICATION_PERIOD_MAX:
        raise ActionError(_("The period is too long."), field="period")
    if len(clean_line(options.contact)) > PUBLICATION_CONTACT_MAX:
        raise ActionError(_("The contact is too long."), field="contact")
    with transaction.atomic():
        publication = PublishedCatalogue.objects.create(
            title=title,
            created_by=user,
            introduction=clean_text(options.introduction),
            period=clean_line(options.period),
            contact=clean_line(options.contact),
            hide_votes=options.hide_votes,
            hide_join_code=options.hide_join_code,
            credit_organisations=options.credit_organisations,
        )
        publication.workshops.set(workshops)
        _tell_screens(publication, "catalogue.published", user)
    return publication


def _tell_screens(publication: PublishedCatalogue, kind: str, user) -> None:
    """Closed workshops' phones show the catalogue link: record the change for each workshop
    (locked in id order, so two publications never wait on each other)."""
    for workshop_id in sorted(publication.workshops.values_list("pk", flat=True)):
        record_event(
            lock_workshop(workshop_id),
            kind,
            actor=Actor.for_facilitator(user),
            payload={"publication_id": publication.pk},
        )


def do_unpublish_catalogue(*, user, publication_id: int) -> PublishedCatalogue:
    """Take a published catalogue down: its link answers 404 from now on."""
    check_staff(user=user)
    with transaction.atomic():
        publication = (
            PublishedCatalogue.objects.select_for_update(of=("self",))
            .filter(pk=publication_id)
            .first()
        )
        if publication is None:
            raise ActionError(_("That catalogue does not exist."), code="not_found")
        if publication.unpublished_at is None:
            publication.unpublished_at = timezone.now()
            publication.save(update_fields=["unpublished_at"])
            _tell_screens(publication, "catalogue.unpublished", user)
    return publication


def _locked_initiative(initiative_id: int) -> Initiative:
    initiative = Initiative.objects.select_for_update(of=("self",)).filter(pk=initiative_id).first()
    if initiative is None:
        raise ActionError(_("That initiative no longer exists."), code="not_found")
    return initiative
