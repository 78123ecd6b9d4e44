"""Knowing a device again: a long-lived signed cookie with a random id.

Removing a participant bars the device they joined from: without this, a removed participant
could rejoin at once under another name. The cookie holds a random id (signed, so it cannot be
made up to look like someone else's device); the database keeps only a key derived from it
and the workshop, so a device's keys in two workshops cannot be linked. It is a cookie, so
someone who clears their browser's cookies gets past it: the facilitator can remove them again.
(An address would not do: a venue's hundreds of phones share one behind its NAT.)
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from workshops.models import Participant, Workshop

DEVICE_COOKIE = "samskab_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 400  # the longest browsers keep a cookie
_SALT = "samskab.device"


def device_id(request: HttpRequest) -> str | None:
    """The device id the request's cookie carries, if its signature holds."""
    return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=_SALT) or None


def new_device_id() -> str:
    return secrets.token_urlsafe(24)


def remember_device(request: HttpRequest, response: HttpResponse, device: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device,
        salt=_SALT,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def device_key(workshop: Workshop, device: str) -> str:
    """What the database keeps of a device, for one workshop."""
    return salted_hmac(_SALT, f"{workshop.pk}:{device}", algorithm="sha256").hexdigest()


def is_barred(workshop: Workshop, key: str) -> bool:
    """Was a participant who joined from this device removed (and not readmitted)?"""
    if not key:
        return False
    return Participant.objects.filter(
        workshop=workshop, device_key=key, removed_at__isnull=False
    ).exists()
