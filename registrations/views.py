"""Invitation and registration pages: public (the invitation, a person's own page) and for
staff (the invitation's settings, the registrations, CSV, the name list).

Views parse, call a selector or an action, and render; the rules live in the actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from registrations.actions.access import can_manage
from registrations.actions.invitation import do_save_invitation
from registrations.actions.joining import can_join_now, do_join_with_registration, join_opens_at
from registrations.actions.organisations import do_approve_organisation
from registrations.actions.registration import (
    check_open_for_registration,
    do_cancel_registration,
    do_cancel_registration_as_staff,
    do_register,
    waiting_position,
)
from registrations.exports import registrations_csv
from registrations.forms import ApproveOrganisationForm, InvitationForm, RegistrationForm
from registrations.ics import meeting_calendar
from registrations.models import Invitation, Registration
from registrations.selectors import (
    invitation_by_slug,
    invitation_of,
    manageable_workshops,
    pending_organisations,
    place_counts,
    public_base_url,
    registration_by_token,
    registrations_of,
)
from registrations.summary import participation_summary
from workshops.actions.base import ActionError
from workshops.codes import participant_cookie_name
from workshops.devices import device_id, device_key, new_device_id, remember_device
from workshops.models import Workshop
from workshops.qr import qr_svg
from workshops.selectors import workshop_by_code
from workshops.views import PARTICIPANT_COOKIE_AGE, activate_workshop_language, current_participant


def _absolute(request: HttpRequest, workshop: Workshop, path: str) -> str:
    base = public_base_url(workshop)
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _invitation_url(request: HttpRequest, invitation: Invitation) -> str:
    return _absolute(request, invitation.workshop, f"/i/{invitation.slug}/")


# The public invitation -------------------------------------------------------------------


def _visible_invitation(request: HttpRequest, slug: str) -> Invitation:
    """A published invitation, or an unpublished one for those who set it up (a preview)."""
    invitation = invitation_by_slug(slug)
    if invitation is None:
        raise Http404
    if not invitation.published and not can_manage(request.user, invitation.workshop):
        raise Http404
    return invitation


@require_http_methods(["GET", "POST"])
def invitation_page(request: HttpRequest, slug: str) -> HttpResponse:
    invitation = _visible_invitation(request, slug)
    workshop = invitation.workshop
    activate_workshop_language(request, workshop)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                registered = do_register(
                    invitation=invitation,
                    name=data["name"],
                    organisation_id=data["organisation"].pk if data["organisation"] else None,
                    new_organisation=data["new_organisation"],
                    sector=data["sector"],
                    role=data["role"],
                    email=data["email"],
                    needs=data["needs"],
                    consent=data["consent"],
                )
            except ActionError as refused:
                form.add_action_error(refused)
            else:
                _tell_registered(request, registered)
                return redirect("registrations:personal", token=registered.registration.token)
        status = 400  # the form again, with what was typed and why it was refused
    url = _invitation_url(request, invitation)
    context = {
        "invitation": invitation,
        "workshop": workshop,
        "form": form,
        "counts": place_counts(invitation),
        "refusal": _refusal(invitation),
        "invitation_url": url,
        "qr": qr_svg(url),
    }
    return render(request, "registrations/invitation.html", context, status=status)


def _refusal(invitation: Invitation) -> str:
    """Why the invitation takes no registrations now, or ""."""
    if not invitation.published:
        return ""  # a preview for staff: the form shows as the public will see it
    try:
        check_open_for_registration(invitation)
    except ActionError as refused:
        return str(refused.message)
    return ""


def _tell_registered(request: HttpRequest, registered) -> None:
    registration = registered.registration
    if registered.waiting_position is not None:
        messages.warning(
            request,
            _(
                "The meeting is full. You are number %(position)d on the waiting list; you will "
                "get a place when someone cancels."
            )
            % {"position": registered.waiting_position},
        )
    else:
        messages.success(request, _("You are registered. Welcome!"))
    if registered.organisation_pending:
        messages.info(
            request,
            _(
                "%(organisation)s is new to us: staff will check it before others can choose it. "
                "Your registration counts already."
            )
            % {"organisation": registration.organisation.name},
        )
    if registration.email:
        messages.info(
            request,
            _("We are sending a confirmation to %(email)s.") % {"email": registration.email},
        )


@require_GET
def invitation_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    invitation = _visible_invitation(request, slug)
    workshop = invitation.workshop
    activate_workshop_language(request, workshop)
    url = _invitation_url(request, invitation)
    description = "\n\n".join(
        part
        for part in (
            workshop.question,
            "\n".join(invitation.programme_lines),
            _("Contact: %(contact)s") % {"contact": _contact_line(invitation)},
            url,
        )
        if part
    )
    content = meeting_calendar(
        invitation, url=url, host=request.get_host().split(":")[0], description=description
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(workshop.title) or 'meeting'}.ics"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _contact_line(invitation: Invitation) -> str:
    return ", ".join(
        part
        for part in (invitation.contact_name, invitation.contact_email, invitation.contact_phone)
        if part
    )


# A registered person's own page ------------------------------------------------------------


def _registration_or_404(token: str) -> Registration:
    registration = registration_by_token(token)
    if registration is None:
        raise Http404
    return registration


@require_GET
def personal_page(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    invitation = registration.invitation
    workshop = invitation.workshop
    activate_workshop_language(request, workshop)
    personal_url = _absolute(request, workshop, registration.personal_path)
    me = current_participant(request, workshop)
    context = {
        "registration": registration,
        "invitation": invitation,
        "workshop": workshop,
        "waiting_position": waiting_position(registration),
        "personal_url": personal_url,
        "qr": qr_svg(personal_url),
        "joined_here": me is not None and me.pk == registration.participant_id,
        "can_join_now": can_join_now(registration),
        "join_opens_at": join_opens_at(registration),
    }
    return render(request, "registrations/personal.html", context)


@require_POST
def personal_join(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    workshop = registration.invitation.workshop
    activate_workshop_language(request, workshop)
    device = device_id(request) or new_device_id()
    try:
        joined = do_join_with_registration(
            registration=registration, device_key=device_key(workshop, device)
        )
    except ActionError as refused:
        messages.error(request, str(refused.message))
        response = redirect("registrations:personal", token=token)
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
    remember_device(request, response, device)
    return response


@require_POST
def personal_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    activate_workshop_language(request, registration.invitation.workshop)
    try:
        do_cancel_registration(registration=registration)
    except ActionError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Your registration is cancelled. Thank you for telling us."))
    return redirect("registrations:personal", token=token)


# Staff ------------------------------------------------------------------------------------


def _managed_workshop(request: HttpRequest, code: str) -> Workshop:
    workshop = workshop_by_code(code)
    if workshop is None or not can_manage(request.user, workshop):
        raise Http404
    return workshop


def _managed_invitation(request: HttpRequest, code: str) -> Invitation:
    invitation = invitation_of(_managed_workshop(request, code))
    if invitation is None:
        raise Http404
    return invitation


@login_required
@require_GET
def staff_index(request: HttpRequest) -> HttpResponse:
    workshops = manageable_workshops(request.user)
    return render(request, "registrations/staff_index.html", {"workshops": workshops})


@login_required
@require_http_methods(["GET", "POST"])
def staff_invitation(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _managed_workshop(request, code)
    invitation = invitation_of(workshop)
    form = InvitationForm(request.POST or None, instance=invitation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                do_save_invitation(user=request.user, workshop=workshop, **form.cleaned_data)
            except ActionError as refused:
                form.add_action_error(refused)
            else:
                messages.success(request, _("The invitation is saved."))
                return redirect("registrations:staff_registrations", code=workshop.join_code)
        status = 400
    context = {"workshop": workshop, "invitation": invitation, "form": form}
    return render(request, "registrations/staff_invitation.html", context, status=status)


@login_required
@require_GET
def staff_registrations(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _managed_workshop(request, code)
    invitation = invitation_of(workshop)
    if invitation is None:
        return redirect("registrations:staff_invitation", code=workshop.join_code)
    context = {
        "workshop": workshop,
        "invitation": invitation,
        "registrations": registrations_of(invitation),
        "counts": place_counts(invitation),
        "summary": participation_summary([workshop]),
        "pending": pending_organisations(invitation),
        "approve_form": ApproveOrganisationForm(),
        "invitation_url": _invitation_url(request, invitation),
    }
    return render(request, "registrations/staff_registrations.html", context)


@login_required
@require_GET
def staff_registrations_csv(request: HttpRequest, code: str) -> HttpResponse:
    invitation = _managed_invitation(request, code)
    content = registrations_csv(registrations_of(invitation))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"{slugify(invitation.workshop.title) or 'meeting'}-registrations.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def staff_name_list(request: HttpRequest, code: str) -> HttpResponse:
    invitation = _managed_invitation(request, code)
    activate_workshop_language(request, invitation.workshop)
    people = (
        registrations_of(invitation)
        .filter(status=Registration.Status.CONFIRMED)
        .order_by("organisation__name", "name")
    )
    context = {"invitation": invitation, "workshop": invitation.workshop, "people": people}
    return render(request, "registrations/name_list.html", context)


@login_required
@require_POST
def staff_cancel(request: HttpRequest, code: str, registration_id: int) -> HttpResponse:
    invitation = _managed_invitation(request, code)
    registration = get_object_or_404(Registration, pk=registration_id, invitation=invitation)
    try:
        promoted = do_cancel_registration_as_staff(user=request.user, registration=registration)
    except ActionError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(
            request, _("%(name)s's registration is cancelled.") % {"name": registration.name}
        )
        for person in promoted:
            messages.info(
                request,
                _("%(name)s moved up from the waiting list.") % {"name": person.name},
            )
    return redirect("registrations:staff_registrations", code=code)


@login_required
@require_POST
def staff_approve_organisation(request: HttpRequest, code: str, organisation_id: int):
    invitation = _managed_invitation(request, code)
    organisation = get_object_or_404(pending_organisations(invitation), pk=organisation_id)
    form = ApproveOrganisationForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("Choose the sector of the organisation."), field="sector")
        do_approve_organisation(
            user=request.user, organisation=organisation, sector=form.cleaned_data["sector"]
        )
    except ActionError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("%(name)s is approved.") % {"name": organisation.name})
    return redirect("registrations:staff_registrations", code=code)
