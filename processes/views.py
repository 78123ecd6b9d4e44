"""Staff screens for processes, their meetings, carrying ideas forward, and templates.

Views parse, call a selector or an action, and render; the rules live in the actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ideas.catalogue import CatalogueError
from ideas.exports import FORMATS, export_catalogue
from ideas.views import _file_response, staff_required
from processes.actions.carry import do_carry_forward
from processes.actions.processes import (
    PlannedMeeting,
    do_add_meeting,
    do_create_process,
    do_facilitate_meeting,
    do_move_meeting,
    do_update_process,
)
from processes.actions.templates import (
    do_create_workshop_from_template,
    do_delete_template,
    do_save_template,
)
from processes.builtin_templates import IDEA_WORKSHOP, KNOWLEDGE, REFINEMENT
from processes.catalogue import build_process_catalogue
from processes.forms import (
    CarryForm,
    MeetingForm,
    ProcessForm,
    TemplateForm,
    WorkshopFromTemplateForm,
    planned_forms,
)
from processes.models import Meeting, MeetingTemplate, Process
from processes.selectors import (
    carry_choices,
    facilitated_among,
    idea_origins,
    meeting_outcomes,
    processes_for_staff,
    templates_in,
    theme_origins,
)
from processes.setup import meeting_type_label, phase_labels, read_setup, setup_of
from workshops.actions.base import ActionError
from workshops.selectors import workshop_by_code

# A new process starts with the meetings the Danish co-creation model runs.
DEFAULT_PLAN = (KNOWLEDGE, IDEA_WORKSHOP, IDEA_WORKSHOP, REFINEMENT)


def _ui_language() -> str:
    language = (translation.get_language() or "da").split("-")[0]
    return language if language in {"da", "sv", "en"} else "da"


@staff_required
@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "processes/list.html",
        {"processes": processes_for_staff(), "section": "processes"},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def process_new(request: HttpRequest) -> HttpResponse:
    """A process and its first meetings from templates, on one page."""
    data = request.POST if request.method == "POST" else None
    form = ProcessForm(data, initial={"language": _ui_language()})
    rows = planned_forms(data, language=_ui_language(), initial_keys=DEFAULT_PLAN)
    if data is not None and form.is_valid() and all(row.is_valid() for row in rows):
        planned = [
            PlannedMeeting(
                template=row.cleaned_data["template"],
                place=row.cleaned_data["place"],
                held_on=row.cleaned_data["held_on"],
                title=row.cleaned_data["title"],
            )
            for row in rows
            if row.cleaned_data["template"]
        ]
        try:
            process = do_create_process(
                user=request.user,
                meetings=planned,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ActionError as refused:
            _show_refusal(refused, form, rows, planned)
        else:
            messages.success(request, _("The process is created with its meetings."))
            return redirect("processes:detail", process_id=process.pk)
    return render(
        request,
        "processes/new.html",
        {"form": form, "rows": rows, "section": "processes"},
        status=400 if data is not None else 200,
    )


def _show_refusal(refused: ActionError, form, rows, planned) -> None:
    """Put a refusal on the process form, or on the meeting row it is about."""
    if refused.field in form.fields or not refused.field:
        form.add_action_error(refused)
        return
    for row in rows:
        if row.is_valid() and row.cleaned_data["template"]:
            row.add_action_error(refused)
            return


def _process_or_404(process_id: int) -> Process:
    return get_object_or_404(Process, pk=process_id)


@staff_required
@require_GET
def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_or_404(process_id)
    return _detail(request, process, MeetingForm(language=process.language, prefix="add"))


def _detail(request, process: Process, meeting_form, status: int = 200) -> HttpResponse:
    outcomes = meeting_outcomes(process)
    return render(
        request,
        "processes/detail.html",
        {
            "process": process,
            "outcomes": outcomes,
            "facilitating": facilitated_among(request.user, [o.workshop for o in outcomes]),
            "meeting_form": meeting_form,
            "formats": FORMATS,
            "section": "processes",
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_or_404(process_id)
    form = ProcessForm(request.POST or None, instance=process, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "language"}
        try:
            do_update_process(user=request.user, process=_process_or_404(process_id), **fields)
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            messages.success(request, _("Saved."))
            return redirect("processes:detail", process_id=process.pk)
    return render(
        request,
        "processes/edit.html",
        {"form": form, "process": process, "section": "processes"},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def meeting_add(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_or_404(process_id)
    form = MeetingForm(request.POST, language=process.language, prefix="add")
    if form.is_valid():
        try:
            meeting = do_add_meeting(
                user=request.user,
                process=process,
                planned=PlannedMeeting(**form.cleaned_data),
                base_url=request.build_absolute_uri("/"),
            )
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            messages.success(
                request, _("“%(title)s” is added.") % {"title": meeting.workshop.title}
            )
            return redirect("processes:detail", process_id=process.pk)
    return _detail(request, process, form, status=400)


def _meeting_or_404(process_id: int, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("workshop", "process"), pk=meeting_id, process_id=process_id
    )


@staff_required
@require_POST
def meeting_facilitate(request: HttpRequest, process_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(process_id, meeting_id)
    do_facilitate_meeting(user=request.user, meeting=meeting)
    return redirect("workshops:console", code=meeting.workshop.join_code)


@staff_required
@require_POST
def meeting_move(request: HttpRequest, process_id: int, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(process_id, meeting_id)
    do_move_meeting(user=request.user, meeting=meeting, up=request.POST.get("direction") == "up")
    return redirect("processes:detail", process_id=process_id)


@staff_required
@require_http_methods(["GET", "POST"])
def meeting_carry(request: HttpRequest, process_id: int, meeting_id: int) -> HttpResponse:
    """Pick themes and ideas of earlier meetings to carry into this one."""
    meeting = _meeting_or_404(process_id, meeting_id)
    sources = carry_choices(meeting)
    idea_ids = [i.idea.pk for s in sources for t in s.themes for i in t.ideas]
    theme_ids = [t.theme.pk for s in sources for t in s.themes if t.theme]
    data = request.POST if request.method == "POST" else None
    form = CarryForm(data, idea_ids=idea_ids, theme_ids=theme_ids)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                ideas, themes = do_carry_forward(
                    user=request.user,
                    meeting=meeting,
                    idea_ids=form.cleaned_data["ideas"],
                    theme_ids=form.cleaned_data["themes"],
                )
            except ActionError as refused:
                error = str(refused.message)
            else:
                messages.success(
                    request,
                    _("Carried %(ideas)d ideas and %(themes)d themes into “%(meeting)s”.")
                    % {
                        "ideas": len(ideas),
                        "themes": len(themes),
                        "meeting": meeting.workshop.title,
                    },
                )
                return redirect("processes:detail", process_id=process_id)
        else:
            error = _("Some of the chosen themes or ideas are no longer there. Choose again.")
    chosen_ideas = {int(v) for v in request.POST.getlist("ideas") if v.isdigit()}
    chosen_themes = {int(v) for v in request.POST.getlist("themes") if v.isdigit()}
    return render(
        request,
        "processes/carry.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "sources": sources,
            "error": error,
            "chosen_ideas": chosen_ideas,
            "chosen_themes": chosen_themes,
            "carried": _carried_into(meeting),
            "section": "processes",
        },
        status=400 if error else 200,
    )


def _carried_into(meeting: Meeting) -> list:
    """What is already in the meeting from earlier ones: (theme name or idea, origin)."""
    workshops = [meeting.workshop]
    themes = sorted(theme_origins(workshops).values(), key=lambda o: o.pk)
    ideas = sorted(idea_origins(workshops).values(), key=lambda o: o.pk)
    return [*themes, *ideas]


# The catalogue of a process ----------------------------------------------------------------


@staff_required
@require_GET
def process_catalogue(request: HttpRequest, process_id: int, fmt: str = "html") -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    process = _process_or_404(process_id)
    try:
        catalogue = build_process_catalogue(process)
    except CatalogueError as refused:
        messages.error(request, refused.message)
        return redirect("processes:detail", process_id=process.pk)
    return _file_response(export_catalogue(catalogue, fmt), attachment=fmt != "html")


# Templates ------------------------------------------------------------------------------------


@staff_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("language") or _ui_language()
    if language not in {"da", "sv", "en"}:
        language = "da"
    templates = []
    for template in templates_in(language):
        setup = read_setup(template.setup)
        templates.append((template, phase_labels(setup), setup, meeting_type_label(setup)))
    return render(
        request,
        "processes/templates.html",
        {"templates": templates, "language": language, "section": "templates"},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def template_use(request: HttpRequest, template_id: int) -> HttpResponse:
    """A new workshop from a template, on its own (not part of a process)."""
    template = get_object_or_404(MeetingTemplate, pk=template_id)
    setup = read_setup(template.setup)
    form = WorkshopFromTemplateForm(
        request.POST or None,
        initial={
            "title": setup["title"] or template.name,
            "question": setup["question"],
            "meeting_type": setup["meeting_type"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                workshop = do_create_workshop_from_template(
                    user=request.user,
                    template=template,
                    base_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            return redirect("workshops:console", code=workshop.join_code)
    return render(
        request,
        "processes/template_use.html",
        {
            "template": template,
            "setup": setup,
            "phases": phase_labels(setup),
            "kind": meeting_type_label(setup),
            "form": form,
            "section": "templates",
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def template_save(request: HttpRequest, code: str) -> HttpResponse:
    """Save a workshop's set-up as a template."""
    workshop = workshop_by_code(code)
    if workshop is None:
        raise Http404
    form = TemplateForm(request.POST or None, initial={"name": workshop.title})
    if request.method == "POST" and form.is_valid():
        try:
            template = do_save_template(user=request.user, workshop=workshop, **form.cleaned_data)
        except ActionError as refused:
            form.add_action_error(refused)
        else:
            messages.success(request, _("Saved the template “%(name)s”.") % {"name": template.name})
            return redirect(f"{_templates_url()}?language={template.language}")
    setup = read_setup(setup_of(workshop))
    return render(
        request,
        "processes/template_save.html",
        {
            "workshop": workshop,
            "form": form,
            "setup": setup,
            "phases": phase_labels(setup),
            "kind": meeting_type_label(setup),
            "section": "templates",
        },
        status=400 if request.method == "POST" else 200,
    )


def _templates_url() -> str:
    return reverse("processes:templates")


@staff_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    template = get_object_or_404(MeetingTemplate, pk=template_id)
    try:
        do_delete_template(user=request.user, template=template)
    except ActionError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Deleted the template “%(name)s”.") % {"name": template.name})
    return redirect(f"{_templates_url()}?language={template.language}")
