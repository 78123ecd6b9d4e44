"""The catalogue as Markdown. User text is escaped so it renders as text, never as markup or
HTML, wherever the Markdown is shown."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.catalogue import Catalogue, IdeaEntry, InitiativeEntry
from ideas.catalogue_entries import document_date

# Everything Markdown (CommonMark/GFM) treats as syntax inside a line; backslash-escaped.
_INLINE_SYNTAX = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~&])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_SETEXT_UNDERLINE = re.compile(r"^=")


def escape(text: str) -> str:
    """One line of user text as literal Markdown text."""
    text = " ".join(text.split())
    text = _INLINE_SYNTAX.sub(r"\\\1", text)
    text = _SETEXT_UNDERLINE.sub(r"\\=", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def paragraph(text: str) -> str:
    """Multi-line user text: each line escaped, kept as hard line breaks."""
    lines = [escape(line) for line in text.splitlines() if line.strip()]
    return "  \n".join(lines)


def _idea(idea: IdeaEntry) -> list[str]:
    lines = [f"#### {escape(idea.title)}", "", paragraph(idea.text), ""]
    facts = []
    if idea.votes is not None:
        facts.append(
            ngettext("%(count)d vote", "%(count)d votes", idea.votes) % {"count": idea.votes}
        )
        facts.append(_("rank %(rank)d") % {"rank": idea.rank})
    if idea.credit:
        facts.append(escape(idea.credit))
    if idea.space_topic:
        facts.append(_("from the session %(topic)s") % {"topic": escape(idea.space_topic)})
    if idea.origin:
        facts.append(escape(idea.origin))
    if facts:
        lines += [f"*{' · '.join(facts)}*", ""]
    for link in idea.initiatives:
        lines.append(
            "- "
            + _("Carried on in initiative %(ref)s %(title)s (%(status)s)")
            % {
                "ref": f"{link.number}.",
                "title": escape(link.title),
                "status": link.status_label,
            }
        )
    if idea.initiatives:
        lines.append("")
    return lines


def _initiative(initiative: InitiativeEntry) -> list[str]:
    lines = [
        f"### {initiative.number}. {escape(initiative.title)}",
        "",
        "**{}:** {} · **{}:** {} %".format(
            _("Status"), initiative.status_label, _("Progress"), initiative.progress
        ),
        "",
    ]
    fields = [
        (_("Intervention"), initiative.intervention),
        (_("Purpose"), initiative.purpose),
        (_("Target group"), initiative.target_group),
        (_("Strategic goal"), initiative.strategic_goal),
        (_("Actors"), "\n".join(initiative.all_actors)),
        (_("Timeline"), initiative.timeline),
        (_("First step"), initiative.first_step),
        (_("Example"), initiative.example),
        (_("Theme"), initiative.theme),
    ]
    for label, value in fields:
        if value:
            lines += [f"**{label}**", "", paragraph(value), ""]
    if initiative.ideas:
        lines += [f"**{_('Ideas it came from')}**", ""]
        lines += [f"- {escape(idea.title)}" for idea in initiative.ideas]
        lines.append("")
    if initiative.milestones:
        lines += [f"#### {_('Follow-up')}", ""]
        for milestone in initiative.milestones:
            text = f" – {escape(milestone.text)}" if milestone.text else ""
            lines.append(f"- {document_date(milestone.date)}: **{escape(milestone.title)}**{text}")
        lines.append("")
    return lines


def render(catalogue: Catalogue) -> bytes:
    lines = [f"# {escape(catalogue.title)}", ""]
    lines += [f"> {escape(question)}" for question in catalogue.questions] + [""]
    cover = catalogue.cover
    if cover:
        publisher = " · ".join(escape(p) for p in (cover.municipality, cover.department) if p)
        facts = [publisher, escape(cover.period)]
        facts.append(f"{_('Published')}: {document_date(cover.published_on)}")
        if cover.contact:
            facts.append(f"{_('Contact')}: {escape(cover.contact)}")
        lines += ["  \n".join(fact for fact in facts if fact), ""]
    for notice in catalogue.notices:
        lines += [f"**{_('Note')}:** {escape(notice)}", ""]
    if cover and cover.introduction:
        lines += [f"## {_('Introduction')}", "", paragraph(cover.introduction), ""]
    lines += [f"## {_('About the workshops')}", ""]
    for workshop in catalogue.workshops:
        held = document_date(workshop.held_on)
        code = f" ({workshop.code})" if workshop.code else ""
        lines.append(f"- {escape(workshop.title)}{code}, {held}")
    lines.append("")

    people = catalogue.participation
    lines += [f"## {_('Participation')}", ""]
    lines.append(
        _("%(people)d participants from %(organisations)d organisations.")
        % {"people": people.people, "organisations": people.organisations}
    )
    lines.append("")
    lines += [f"- {row.label}: {row.count}" for row in people.by_role] + [""]
    if people.organisation_names:
        names = ", ".join(escape(name) for name in people.organisation_names)
        lines += [f"**{_('Organisations')}:** {names}", ""]
    if people.participant_names:
        names = ", ".join(escape(name) for name in people.participant_names)
        lines += [f"**{_('Participants')}:** {names}", ""]

    if catalogue.cards:
        lines += [f"## {_('Knowledge')}", ""]
        for label, cards in catalogue.cards_by_kind:
            lines += [f"### {label}", ""]
            for card in cards:
                title = f"**{escape(card.title)}** " if card.title else ""
                credit = f" *({escape(card.credit)})*" if card.credit else ""
                lines.append(f"- {title}{escape(card.body)}{credit}")
            lines.append("")

    lines += [f"## {_('Ideas by theme')}", ""]
    if not catalogue.idea_count:
        lines += [_("No ideas yet."), ""]
    for theme in catalogue.themes:
        lines += [f"### {escape(theme.name)}", ""]
        for idea in theme.ideas:
            lines += _idea(idea)
        for example in theme.examples:
            lines += [f"**{_('Example')}:** {escape(example)}", ""]
    if catalogue.unsorted_ideas:
        lines += [f"### {_('Ideas without a theme')}", ""]
        for idea in catalogue.unsorted_ideas:
            lines += _idea(idea)

    if catalogue.spaces:
        lines += [f"## {_('Open Space sessions')}", ""]
        for space in catalogue.spaces:
            lines += [f"### {escape(space.topic)}", ""]
            for label, value in [
                (_("Host"), space.host),
                (_("Where and when"), " · ".join(p for p in (space.location, space.slot) if p)),
                (_("Key points"), space.key_points),
                (_("Who should be involved"), space.who),
                (_("Next step"), space.next_step),
            ]:
                if value:
                    lines += [f"**{label}:** {paragraph(value)}", ""]

    lines += [f"## {_('Initiatives and follow-up')}", ""]
    if not catalogue.initiatives:
        lines += [_("No initiatives yet."), ""]
    for initiative in catalogue.initiatives:
        lines += _initiative(initiative)
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
