"""Staff approve organisations typed in by the public, so others can choose them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ideas.actions.followup import is_staff
from workshops.actions.base import ActionError
from workshops.models import Organisation


def do_approve_organisation(*, user, organisation: Organisation, sector: str) -> Organisation:
    """Approve a new organisation into the registry, with its sector confirmed."""
    if not is_staff(user):
        raise ActionError(_("Only staff can approve organisations."), code="forbidden")
    if sector not in Organisation.Sector.values:
        raise ActionError(_("Choose the sector of the organisation."), field="sector")
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(approved=True, sector=sector)
    organisation.refresh_from_db()
    return organisation
