"""Mail to registered people, in the meeting's language: the confirmation with their personal
link, and the news that a waiting-list place came free. Optional: without an e-mail (or a
working mail server) the registration stands and the confirmation page shows the link."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from registrations.actions.registration import waiting_position
from registrations.models import Registration
from registrations.selectors import public_base_url

logger = logging.getLogger(__name__)


def send_registration_mail(registration_id: int, *, promoted: bool = False) -> bool:
    """Send the registration's mail; True if the mail server took it. Runs after the commit,
    so a failing server never undoes a registration."""
    registration = Registration.objects.select_related("invitation__workshop", "organisation").get(
        pk=registration_id
    )
    invitation = registration.invitation
    workshop = invitation.workshop
    with translation.override(workshop.language):
        base = public_base_url(workshop)
        context = {
            "registration": registration,
            "invitation": invitation,
            "workshop": workshop,
            "promoted": promoted,
            "waiting_position": waiting_position(registration),
            "personal_url": f"{base}{registration.personal_path}",
            "invitation_url": f"{base}/i/{invitation.slug}/",
        }
        if promoted:
            subject = _("You have a place: %(title)s")
        elif registration.status == Registration.Status.WAITING:
            subject = _("On the waiting list: %(title)s")
        else:
            subject = _("You are registered: %(title)s")
        subject = subject % {"title": workshop.title}
        body = render_to_string("registrations/mail/registration.txt", context)
    try:
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [registration.email],
            fail_silently=False,
        )
    except Exception:  # any mail server trouble; the registration is already safe
        logger.exception(
            "Could not send the registration mail for registration %s", registration_id
        )
        return False
    return True
