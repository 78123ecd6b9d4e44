"""Who may set up a meeting's invitation and see its registrations."""

from django.utils.translation import gettext_lazy as _

from ideas.actions.followup import is_staff
from workshops.actions.base import ActionError, is_facilitator_of
from workshops.models import Workshop


def can_manage(user, workshop: Workshop) -> bool:
    """The meeting's facilitators and staff: registrations hold personal data."""
    return is_facilitator_of(user, workshop) or is_staff(user)


def check_manage(user, workshop: Workshop) -> None:
    if not can_manage(user, workshop):
        raise ActionError(
            _("Only this meeting's facilitators and staff can do that."), code="forbidden"
        )
