"""Catalogue downloads, the public published catalogue, and the staff follow-up area.

Views parse, call a selector or an action, and render; the rules live in the actions.
"""

from __future__ import annotations

from functools import wraps

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ideas.actions.followup import (
    do_add_milestone,
    do_publish_catalogue,
    do_unpublish_catalogue,
    do_update_followup,
    is_staff,
)
from ideas.catalogue import build_catalogue
from ideas.exports import FORMATS, Export, export_catalogue
from ideas.exports.action_plan import ACTION_PLAN_FORMATS, build_action_plan, export_action_plan
from ideas.forms import (
    CatalogueDownloadForm,
    CatalogueForm,
    FollowUpForm,
    InitiativeFilterForm,
    MilestoneForm,
)
from ideas.publishing import publication_options
from ideas.selectors_followup import (
    followup_initiatives,
    initiative_for_staff,
    initiative_origin_ideas,
    live_publications,
    published_catalogue,
)
from workshops.actions.base import ActionError, is_facilitator_of
from workshops.selectors import workshop_by_code


def staff_required(view):
    """Signed in (else to the sign-in page) and staff (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# Documents embed the publisher's logo as a data: URI (a downloaded file needs nothing else).
DOCUMENT_CSP = csp_update({"img-src": ["data:"]})


def _file_response(export: Export, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(attachment, export.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The facilitator's console ----------------------------------------------------------------


def _workshop_for_catalogue(request: HttpRequest, code: str):
    workshop = workshop_by_code(code)
    if workshop is None or not (
        is_facilitator_of(request.user, workshop) or is_staff(request.user)
    ):
        raise Http404
    return workshop


def _workshop_catalogue(request: HttpRequest, code: str, fmt: str, *, attachment: bool):
    if fmt not in FORMATS:
        raise Http404
    workshop = _workshop_for_catalogue(request, code)
    export = export_catalogue(build_catalogue([workshop]), fmt)
    return _file_response(export, attachment=attachment)


@login_required
@require_GET
@DOCUMENT_CSP
def workshop_catalogue(request: HttpRequest, code: str) -> HttpResponse:
    """One workshop's catalogue, shown in the browser (its PDF is a download format)."""
    return _workshop_catalogue(request, code, "html", attachment=False)


@login_required
@require_GET
def workshop_catalogue_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """One workshop's catalogue as a file: the same bytes as `export_catalogue CODE`."""
    return _workshop_catalogue(request, code, fmt, attachment=True)


# Public, read-only ------------------------------------------------------------------------


@require_GET
@DOCUMENT_CSP
def public_catalogue(request: HttpRequest, token: str, fmt: str = "html") -> HttpResponse:
    """A published catalogue (HTML, or its PDF); 404 once it is unpublished (or for any
    guessed token)."""
    publication = published_catalogue(token)
    if publication is None:
        raise Http404
    workshops = list(publication.workshops.order_by("created_at", "pk"))
    if not workshops:  # its workshops were deleted since
        raise Http404
    catalogue = build_catalogue(
        workshops, title=publication.title, options=publication_options(publication)
    )
    response = _file_response(export_catalogue(catalogue, fmt), attachment=False)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the token must not leak in Referer headers
    return response


# Staff: catalogues ------------------------------------------------------------------------


@staff_required
@require_GET
def staff_catalogues(request: HttpRequest) -> HttpResponse:
    """Build a catalogue from one or several workshops, publish it, or take it down."""
    context = {
        "download_form": CatalogueDownloadForm(),
        "publish_form": CatalogueForm(prefix="publish"),
        "publications": live_publications(),
    }
    return render(request, "staff/catalogues.html", context)


def _ordered(workshops) -> list:
    return sorted(workshops, key=lambda workshop: (workshop.created_at, workshop.pk))


@staff_required
@require_GET
@DOCUMENT_CSP
def staff_catalogue_download(request: HttpRequest) -> HttpResponse:
    form = CatalogueDownloadForm(request.GET)
    if not form.is_valid():
        context = {
            "download_form": form,
            "publish_form": CatalogueForm(prefix="publish"),
            "publications": live_publications(),
        }
        return render(request, "staff/catalogues.html", context, status=400)
    catalogue = build_catalogue(
        _ordered(form.cleaned_data["workshops"]),
        title=form.cleaned_data["title"],
        options=form.options(),
    )
    export = export_catalogue(catalogue, form.cleaned_data["format"])
    return _file_response(export, attachment=form.cleaned_data["format"] != "html")


@staff_required
@require_POST
def staff_publish(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.POST, prefix="publish")
    if form.is_valid():
        try:
            publication = do_publish_catalogue(
                user=request.user,
                workshops=_ordered(form.cleaned_data["workshops"]),
                title=form.cleaned_data["title"],
                options=form.options(),
            )
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            messages.success(request, _("Published “%(title)s”.") % {"title": publication.title})
            return redirect("ideas:staff_catalogues")
    context = {
        "download_form": CatalogueDownloadForm(),
        "publish_form": form,
        "publications": live_publications(),
    }
    return render(request, "staff/catalogues.html", context, status=400)


@staff_required
@require_POST
def staff_unpublish(request: HttpRequest, publication_id: int) -> HttpResponse:
    try:
        publication = do_unpublish_catalogue(user=request.user, publication_id=publication_id)
    except ActionError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(
            request,
            _("“%(title)s” is no longer published; its link now leads nowhere.")
            % {"title": publication.title},
        )
    return redirect("ideas:staff_catalogues")


# Staff: initiatives and the action plan ---------------------------------------------------


@staff_required
@require_GET
def staff_initiatives(request: HttpRequest) -> HttpResponse:
    """Initiatives across workshops, filtered and sorted."""
    filters = InitiativeFilterForm(request.GET or None)
    selection = filters.selection() if request.GET else {}
    context = {
        "filters": filters,
        "initiatives": followup_initiatives(**selection),
        "query": request.GET.urlencode(),
    }
    return render(request, "staff/initiatives.html", context)


def _initiative_page(request, initiative, *, followup_form=None, milestone_form=None, status=200):
    followup_form = followup_form or FollowUpForm(
        initial={
            "status": initiative.status,
            "progress": initiative.progress,
            "owner": initiative.owner_id,
        }
    )
    context = {
        "initiative": initiative,
        "origin_ideas": initiative_origin_ideas(initiative),
        "followup_form": followup_form,
        "milestone_form": milestone_form or MilestoneForm(),
    }
    return render(request, "staff/initiative.html", context, status=status)


def _initiative_or_404(initiative_id: int):
    initiative = initiative_for_staff(initiative_id)
    if initiative is None:
        raise Http404
    return initiative


@staff_required
@require_GET
def staff_initiative(request: HttpRequest, initiative_id: int) -> HttpResponse:
    return _initiative_page(request, _initiative_or_404(initiative_id))


@staff_required
@require_POST
def staff_followup(request: HttpRequest, initiative_id: int) -> HttpResponse:
    initiative = _initiative_or_404(initiative_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            do_update_followup(
                user=request.user,
                initiative_id=initiative.pk,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                owner_id=form.cleaned_data["owner"].pk if form.cleaned_data["owner"] else None,
            )
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            messages.success(request, _("The follow-up is saved."))
            return redirect("ideas:staff_initiative", initiative_id=initiative.pk)
    return _initiative_page(request, initiative, followup_form=form, status=400)


@staff_required
@require_POST
def staff_add_milestone(request: HttpRequest, initiative_id: int) -> HttpResponse:
    initiative = _initiative_or_404(initiative_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            do_add_milestone(user=request.user, initiative_id=initiative.pk, **form.cleaned_data)
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect("ideas:staff_initiative", initiative_id=initiative.pk)
    return _initiative_page(request, initiative, milestone_form=form, status=400)


@staff_required
@require_http_methods(["GET"])
@DOCUMENT_CSP
def staff_action_plan(request: HttpRequest) -> HttpResponse:
    """The action plan of the filtered initiatives: a printable page, or DOCX."""
    filters = InitiativeFilterForm(request.GET or None)
    selection = filters.selection() if request.GET else {}
    workshop = filters.cleaned_data.get("workshop") if filters.is_bound else None
    language = workshop.language if workshop else request.LANGUAGE_CODE
    with translation.override(language):
        default_title = (
            _("Action plan: %(title)s") % {"title": workshop.title}
            if workshop
            else _("Action plan")
        )
    plan = build_action_plan(
        followup_initiatives(**selection),
        title=request.GET.get("title", "").strip()[:200] or default_title,
        language=language,
    )
    fmt = request.GET.get("format", "html")
    fmt = fmt if fmt in ACTION_PLAN_FORMATS else "html"
    return _file_response(export_action_plan(plan, fmt), attachment=fmt != "html")
