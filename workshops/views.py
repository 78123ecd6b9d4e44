"""HTTP views: pages, and the plain-POST fallback of every websocket verb."""

from __future__ import annotations

import asyncio
import uuid

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from realtime import protocol, verbs
from realtime.protocol import Frame, ProtocolError
from realtime.viewers import Viewer, viewer_language
from workshops.actions.base import ActionError, Actor, is_facilitator_of
from workshops.actions.join import do_join
from workshops.actions.workshop import do_create_workshop
from workshops.codes import participant_cookie_name
from workshops.devices import device_id, device_key, is_barred, new_device_id, remember_device
from workshops.forms import JoinCodeForm, JoinForm, WorkshopForm
from workshops.models import Participant, Workshop
from workshops.privacy import retention_days
from workshops.qr import qr_svg
from workshops.screens import own_styles, screen_context, shared_screen
from workshops.selectors import (
    active_participants,
    connected_ids,
    facilitated_workshops,
    open_workshop_by_code,
    participant_by_token,
    removed_participants,
    workshop_by_code,
)

PARTICIPANT_COOKIE_AGE = 60 * 60 * 24 * 60  # two months: the day, and the follow-up after


def activate_workshop_language(request: HttpRequest, workshop: Workshop) -> str:
    """The workshop's language is the default; a language chosen on the phone wins."""
    language = viewer_language(request.COOKIES, workshop)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def current_participant(request: HttpRequest, workshop: Workshop) -> Participant | None:
    token = request.COOKIES.get(participant_cookie_name(workshop.join_code))
    return participant_by_token(workshop, token)


def facilitated_workshop_or_404(request: HttpRequest, code: str) -> Workshop:
    workshop = workshop_by_code(code)
    if workshop is None or not is_facilitator_of(request.user, workshop):
        raise Http404
    return workshop


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """The start page: type the code you see on the screen."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = open_workshop_by_code(form.cleaned_data["code"])
        if workshop is not None:
            return redirect("workshops:join", code=workshop.join_code)
        form.add_error(
            "code", _("No open workshop has that code. Check the code on the big screen.")
        )
    return render(request, "workshops/home.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    workshop = open_workshop_by_code(code)
    if workshop is None:
        form = JoinCodeForm({"code": code})
        form.is_valid()
        form.add_error(
            "code", _("No open workshop has the code %(code)s. It may have ended.") % {"code": code}
        )
        return render(request, "workshops/home.html", {"form": form}, status=404)
    activate_workshop_language(request, workshop)
    if current_participant(request, workshop) is not None:
        return redirect("workshops:participant", code=workshop.join_code)
    # Every phone that comes to join is given a device id to be known by (workshops/devices.py):
    # a device whose participant was removed is barred until the facilitator readmits them.
    device = device_id(request) or new_device_id()
    response = _join_page(request, workshop, device_key(workshop, device))
    remember_device(request, response, device)
    return response


def _barred_page(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return render(request, "workshops/barred.html", {"workshop": workshop}, status=403)


def _join_page(request: HttpRequest, workshop: Workshop, key: str) -> HttpResponse:
    if is_barred(workshop, key):
        return _barred_page(request, workshop)
    form = JoinForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            joined = do_join(
                workshop=workshop,
                display_name=data["display_name"],
                anonymous=data.get("anonymous", False),
                role=data["role"],
                organisation_id=data["organisation"].pk if data["organisation"] else None,
                new_organisation=data["new_organisation"],
                device_key=key,
                address=request.META.get("REMOTE_ADDR", ""),
            )
        except ActionError as refused:
            if refused.code == "barred":  # removed meanwhile
                return _barred_page(request, workshop)
            form.add_action_error(refused)
        else:
            response = redirect("workshops:participant", code=workshop.join_code)
            response.set_cookie(
                participant_cookie_name(workshop.join_code),
                joined.token,
                max_age=PARTICIPANT_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    context = {"workshop": workshop, "form": form, "retention_days": retention_days()}
    return render(request, "workshops/join.html", context)


def _screen_page(request, workshop, audience, template, **extra) -> HttpResponse:
    # What a refused plain POST carried, and why it was refused, shown once in its form.
    drafts = request.session.pop("drafts", {})
    form_errors = request.session.pop("form_errors", {})
    if audience == "participant" and not (drafts or form_errors):
        # Nothing of this viewer's own in it: the screen every phone gets (a rush of phones
        # costs one render per seq and language).
        context = {"workshop": workshop, "screen_html": shared_screen(workshop, audience)}
    else:
        context = screen_context(workshop, audience)
        context.update(drafts=drafts, form_errors=form_errors)
    context.update(extra)
    context["ws_path"] = f"/ws/w/{workshop.join_code}/{audience}/"
    return render(request, template, context)


@require_GET
def participant_screen(request: HttpRequest, code: str) -> HttpResponse:
    workshop = workshop_by_code(code)
    if workshop is None:
        raise Http404
    participant = current_participant(request, workshop)
    if participant is None:
        if workshop.is_closed:
            return render(request, "workshops/closed.html", {"workshop": workshop})
        return redirect("workshops:join", code=workshop.join_code)
    activate_workshop_language(request, workshop)
    return _screen_page(
        request,
        workshop,
        "participant",
        "workshops/participant.html",
        me=participant,
        own_styles=own_styles(workshop, participant.pk),
    )


@login_required
@require_GET
def console(request: HttpRequest, code: str) -> HttpResponse:
    workshop = facilitated_workshop_or_404(request, code)
    activate_workshop_language(request, workshop)  # the same language as its live fragments
    return _screen_page(
        request, workshop, "facilitator", "workshops/console.html", qr=qr_svg(workshop.join_url)
    )


@login_required
@require_GET
def console_people(request: HttpRequest, code: str) -> HttpResponse:
    """Everyone in the workshop, for a facilitator: the console shows only the newest."""
    workshop = facilitated_workshop_or_404(request, code)
    activate_workshop_language(request, workshop)
    people = active_participants(workshop)
    return render(
        request,
        "workshops/people.html",
        {
            "workshop": workshop,
            "people": people,
            "removed": removed_participants(workshop),
            "connected_ids": connected_ids(workshop),
        },
    )


@login_required
@require_GET
def projector(request: HttpRequest, code: str) -> HttpResponse:
    workshop = facilitated_workshop_or_404(request, code)
    activate_workshop_language(request, workshop)
    return _screen_page(request, workshop, "projector", "workshops/projector.html")


def _frame_from_post(request: HttpRequest, verb: str) -> Frame:
    fields = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "verb"}}
    raw_key = fields.pop("client_key", "")
    try:
        client_key = uuid.UUID(raw_key) if raw_key else None
    except ValueError:
        client_key = None
    return Frame(verb=verb, fields=fields, client_key=client_key)


def _act(request: HttpRequest, workshop: Workshop, viewer: Viewer, verb: str, back: str):
    """Run a verb posted as an ordinary form (no websocket, or no JavaScript)."""
    frame = _frame_from_post(request, verb)
    try:
        verbs.run(viewer, frame)
    except (ActionError, ProtocolError) as refused:
        if request.htmx:
            html = protocol.error(
                refused.message, client_key=frame.client_key, field=getattr(refused, "field", "")
            )
            return HttpResponse(html, status=422)
        messages.error(request, str(refused.message))
        # Keep what was typed, so nothing is lost on the way back to the form.
        request.session["drafts"] = {verb: frame.fields}
        request.session["form_errors"] = {
            verb: {getattr(refused, "field", ""): str(refused.message)}
        }
        return redirect(back, code=workshop.join_code)
    if request.htmx:
        return HttpResponse(protocol.ack(frame.client_key))
    return redirect(back, code=workshop.join_code)


@require_POST
def participant_act(request: HttpRequest, code: str, verb: str) -> HttpResponse:
    workshop = workshop_by_code(code)
    if workshop is None:
        raise Http404
    participant = current_participant(request, workshop)
    if participant is None:
        return redirect("workshops:join", code=workshop.join_code)
    language = activate_workshop_language(request, workshop)
    viewer = Viewer(workshop.pk, "participant", language, participant_id=participant.pk)
    return _act(request, workshop, viewer, verb, "workshops:participant")


@login_required
@require_POST
def facilitator_act(request: HttpRequest, code: str, verb: str) -> HttpResponse:
    workshop = facilitated_workshop_or_404(request, code)
    language = activate_workshop_language(request, workshop)
    viewer = Viewer(workshop.pk, "facilitator", language, user_id=request.user.pk)
    return _act(request, workshop, viewer, verb, "workshops:console")


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """The facilitator's workshops, and a form to create one."""
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = do_create_workshop(
                actor=Actor.for_facilitator(request.user),
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            return redirect("workshops:console", code=workshop.join_code)
    return render(
        request,
        "workshops/dashboard.html",
        {"form": form, "workshops": facilitated_workshops(request.user)},
    )


def _database_ok() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """For the proxy and the operator: can we reach the database and the channel layer?"""
    checks = {}
    try:
        await database_sync_to_async(_database_ok)()
        checks["database"] = "ok"
    except Exception as failure:  # noqa: BLE001 - any failure means "not healthy"
        checks["database"] = f"error: {type(failure).__name__}"
    try:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.check"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=3)
        checks["channel_layer"] = "ok" if message.get("type") == "health.check" else "error"
    except Exception as failure:  # noqa: BLE001
        checks["channel_layer"] = f"error: {type(failure).__name__}"
    healthy = checks["database"] == "ok" and checks["channel_layer"] == "ok"
    checks["status"] = "ok" if healthy else "error"
    checks["layer_backend"] = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    return JsonResponse(checks, status=200 if healthy else 503)


@require_GET
def join_qr(request: HttpRequest, code: str) -> HttpResponse:
    workshop = get_object_or_404(Workshop, join_code=code, closed_at__isnull=True)
    return HttpResponse(qr_svg(workshop.join_url), content_type="image/svg+xml")
