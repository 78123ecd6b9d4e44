"""Security glue of the site: the Permissions-Policy header and the page a locked-out sign-in
gets (django-axes counts the failures; settings.py says how many and for how long)."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import ngettext


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """The header's text: {"camera": [], "fullscreen": ["self"]} is camera=(), fullscreen=(self)."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """Turns off the browser features no screen uses (settings.PERMISSIONS_POLICY)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a sign-in (the site's or the admin's) gets once django-axes has locked the username
    for this address: a page that says why and for how long, with 429 Too Many Requests."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    message = ngettext(
        "Too many failed sign-in attempts. Signing in with this username from your network is "
        "paused for %(minutes)d minute; try again after that.",
        "Too many failed sign-in attempts. Signing in with this username from your network is "
        "paused for %(minutes)d minutes; try again after that.",
        minutes,
    ) % {"minutes": minutes}
    return render(
        request,
        "registration/locked_out.html",
        {"message": message},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
