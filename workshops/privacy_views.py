"""Pages about personal data: the privacy notice, a participant's own data (download, forget
my name, delete what I wrote) and staff erasure. The changes are actions that publish live."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshops.actions import privacy
from workshops.actions.base import ActionError, Actor
from workshops.privacy import contribution_counts, my_contributions, retention_days
from workshops.selectors import workshop_by_code
from workshops.views import (
    activate_workshop_language,
    current_participant,
    facilitated_workshop_or_404,
)

# What the forms on "Your data" may ask for, and the action each runs.
MY_DATA_CHOICES = {
    "forget_name": privacy.do_forget_my_name,
    "delete_contributions": privacy.do_delete_my_contributions,
}


def _workshop_or_404(code: str):
    workshop = workshop_by_code(code)
    if workshop is None:
        raise Http404
    return workshop


@require_GET
def privacy_notice(request: HttpRequest, code: str) -> HttpResponse:
    """What is stored about a participant and for how long, in the workshop's language."""
    workshop = _workshop_or_404(code)
    activate_workshop_language(request, workshop)
    return render(
        request,
        "workshops/privacy.html",
        {"workshop": workshop, "retention_days": retention_days()},
    )


@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest, code: str) -> HttpResponse:
    """A participant's own data, from their phone: what they contributed, a download, and
    the two deletions (each asks for a tick that they mean it)."""
    workshop = _workshop_or_404(code)
    participant = current_participant(request, workshop)
    if participant is None:
        return redirect("workshops:privacy", code=workshop.join_code)
    activate_workshop_language(request, workshop)
    errors: dict[str, str] = {}
    if request.method == "POST":
        what = request.POST.get("what", "")
        action = MY_DATA_CHOICES.get(what)
        if action is None:
            errors[""] = _("Choose what to delete.")
        elif request.POST.get("confirm") != "yes":
            errors[what] = _("Tick the box to confirm: this cannot be undone.")
        else:
            try:
                action(actor=Actor.for_participant(participant), workshop=workshop)
            except ActionError as refused:
                errors[what] = str(refused.message)
            else:
                messages.success(
                    request,
                    _("Your name is deleted. What you posted stays, as Anonymous.")
                    if what == "forget_name"
                    else _("What you wrote is deleted from the workshop."),
                )
                return redirect("workshops:my_data", code=workshop.join_code)
        participant.refresh_from_db()
    return render(
        request,
        "workshops/my_data.html",
        {
            "workshop": workshop,
            "me": participant,
            "counts": contribution_counts(participant),
            "errors": errors,
            "general_error": errors.get(""),
            "retention_days": retention_days(),
        },
        status=422 if errors else 200,
    )


@require_GET
def my_data_download(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _workshop_or_404(code)
    participant = current_participant(request, workshop)
    if participant is None:
        raise Http404
    body = json.dumps(my_contributions(participant), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"samskab-{workshop.join_code}-my-contributions.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def erase_participant(request: HttpRequest, code: str, participant_id: int) -> HttpResponse:
    """Staff erase one participant's personal data from the people page."""
    workshop = facilitated_workshop_or_404(request, code)
    activate_workshop_language(request, workshop)
    try:
        privacy.do_erase_participant(
            actor=Actor.for_facilitator(request.user),
            workshop=workshop,
            participant_id=participant_id,
        )
    except ActionError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Their personal data is erased; what they posted stays."))
    return redirect("workshops:console_people", code=workshop.join_code)
