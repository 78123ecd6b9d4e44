"""Who may manage processes, meetings and templates: active staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ideas.actions.followup import is_staff
from workshops.actions.base import ActionError


def check_staff(user) -> None:
    """Refuse anyone who is not an active staff user."""
    if not is_staff(user):
        raise ActionError(_("Only staff can manage processes and templates."), code="forbidden")
