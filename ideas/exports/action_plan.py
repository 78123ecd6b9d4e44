"""The action plan: numbered initiatives, each with intervention, purpose, strategic goal,
actors and timeline — the form municipalities already publish. HTML (for print) and DOCX."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.catalogue import InitiativeEntry, initiative_entries
from ideas.exports import CONTENT_TYPES, Export, file_stem
from ideas.exports.docx import add_bullets, add_contents, new_document, to_bytes
from ideas.exports.html import print_stylesheet
from ideas.models import Initiative

ACTION_PLAN_FORMATS = ("html", "docx")


@dataclass
class ActionPlan:
    title: str
    language: str
    initiatives: list[InitiativeEntry]


def build_action_plan(
    initiatives: Iterable[Initiative], *, title: str, language: str
) -> ActionPlan:
    """The plan of `initiatives`, numbered in order, its labels (statuses) in `language`,
    whatever language the request that asks for it is in."""
    with translation.override(language):
        entries = initiative_entries(initiatives)
    return ActionPlan(title=title, language=language, initiatives=entries)


def _html(plan: ActionPlan) -> bytes:
    context = {"plan": plan, "print_css": print_stylesheet(), "today": timezone.localdate()}
    return render_to_string("catalogue/action_plan.html", context).encode("utf-8")


def _paragraphs(document, text: str) -> None:
    document.add_paragraph(text or "–")


def _docx(plan: ActionPlan) -> bytes:
    document = new_document(title=plan.title, language=plan.language, day=timezone.localdate())
    document.add_heading(plan.title, level=0)
    document.add_paragraph(
        ngettext(
            "The action plan contains %(count)d initiative.",
            "The action plan contains %(count)d initiatives.",
            len(plan.initiatives),
        )
        % {"count": len(plan.initiatives)}
    )
    for initiative in plan.initiatives:
        document.add_paragraph(f"{initiative.number}. {initiative.title}")
    add_contents(document)
    for initiative in plan.initiatives:
        document.add_heading(f"{initiative.number}. {initiative.title}", level=1)
        document.add_paragraph(
            f"{_('Status')}: {initiative.status_label} · {_('Progress')} {initiative.progress} %"
        )
        document.add_heading(_("Intervention"), level=2)
        _paragraphs(document, initiative.intervention)
        document.add_heading(_("Purpose"), level=2)
        _paragraphs(document, initiative.purpose)
        if initiative.target_group:  # as the HTML plan: only when the group wrote one
            document.add_heading(_("Target group"), level=2)
            _paragraphs(document, initiative.target_group)
        document.add_heading(_("Strategic goal"), level=2)
        _paragraphs(document, initiative.strategic_goal)
        document.add_heading(_("Actors"), level=2)
        if initiative.all_actors:
            add_bullets(document, initiative.all_actors)
        else:
            _paragraphs(document, "")
        document.add_heading(_("Timeline"), level=2)
        _paragraphs(document, initiative.timeline)
    return to_bytes(document)


def export_action_plan(plan: ActionPlan, fmt: str) -> Export:
    """Render the action plan as `fmt` ("html" or "docx") in the plan's language."""
    if fmt not in ACTION_PLAN_FORMATS:
        raise ValueError(f"Unknown action plan format {fmt!r}")
    with translation.override(plan.language):
        content = _html(plan) if fmt == "html" else _docx(plan)
    return Export(content, CONTENT_TYPES[fmt], f"{file_stem(plan.title, 'action-plan')}.{fmt}")
