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
from ideas.catalogue_entries import Cover, DocumentOptions, document_period
from ideas.exports import CONTENT_TYPES, Export, file_stem
from ideas.exports.docx import (
    add_contents,
    add_cover,
    add_footer,
    add_initiative,
    add_text,
    fill_contents,
    new_document,
    to_bytes,
)
from ideas.exports.html import print_stylesheet
from ideas.exports.pdf import html_to_pdf
from ideas.models import Initiative, PublishingSettings
from ideas.publishing import build_cover

ACTION_PLAN_FORMATS = ("html", "pdf", "docx")


@dataclass
class ActionPlan:
    title: str
    language: str
    initiatives: list[InitiativeEntry]
    cover: Cover


def build_action_plan(
    initiatives: Iterable[Initiative],
    *,
    title: str,
    language: str,
    options: DocumentOptions | None = None,
) -> ActionPlan:
    """The plan of `initiatives`, numbered in order, its labels (statuses) in `language`,
    whatever language the request that asks for it is in. Its title page names the
    publisher; the period runs from the first initiative's start to the last one's end."""
    with translation.override(language):
        entries = initiative_entries(initiatives)
        starts = [d for e in entries for d in (e.start, e.end) if d]
        cover = build_cover(
            options=options or DocumentOptions(),
            period=document_period(min(starts), max(starts)) if starts else "",
            published_on=timezone.localdate(),
            introduction=PublishingSettings.current().action_plan_introduction,
        )
    return ActionPlan(title=title, language=language, initiatives=entries, cover=cover)


def _html(plan: ActionPlan) -> bytes:
    context = {"plan": plan, "print_css": print_stylesheet()}
    return render_to_string("catalogue/action_plan.html", context).encode("utf-8")


def _docx(plan: ActionPlan) -> bytes:
    document = new_document(title=plan.title, language=plan.language, day=timezone.localdate())
    add_cover(document, plan.cover, kind=_("Action plan"), title=plan.title)
    add_footer(document, plan.title)
    add_contents(document)
    if plan.cover.introduction:
        document.add_heading(_("Introduction"), level=1)
        add_text(document, plan.cover.introduction)
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
    for initiative in plan.initiatives:
        add_initiative(document, initiative, level=1, follow_up=False)
    fill_contents(document)
    return to_bytes(document)


def export_action_plan(plan: ActionPlan, fmt: str) -> Export:
    """Render the action plan as `fmt` (one of ACTION_PLAN_FORMATS) in the plan's language."""
    if fmt not in ACTION_PLAN_FORMATS:
        raise ValueError(f"Unknown action plan format {fmt!r}")
    with translation.override(plan.language):
        if fmt == "docx":
            content = _docx(plan)
        else:
            content = _html(plan) if fmt == "html" else html_to_pdf(_html(plan))
    return Export(content, CONTENT_TYPES[fmt], f"{file_stem(plan.title, 'action-plan')}.{fmt}")
