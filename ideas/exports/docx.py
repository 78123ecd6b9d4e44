"""The catalogue as a Word document with real heading styles (Title, Heading 1–3), so Word's
navigation pane and table of contents work. The file is byte-for-byte reproducible: the same
catalogue gives the same bytes (fixed document dates and zip timestamps)."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ideas.catalogue import Catalogue, IdeaEntry, InitiativeEntry
from ideas.catalogue_entries import document_date

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def new_document(*, title: str, language: str, day: datetime.date) -> DocumentType:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    properties.title = title
    properties.language = language
    properties.author = "Samskab"
    properties.last_modified_by = "Samskab"
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    return document


def add_contents(document: DocumentType) -> None:
    """A table-of-contents field built from the heading styles; Word fills it in when the
    reader updates fields (the navigation pane works without it)."""
    heading = document.add_paragraph()
    heading.add_run(_("Contents")).bold = True
    paragraph = document.add_paragraph()

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    paragraph.add_run(_("Update this field to show the table of contents."))
    field_char("end")


def add_labelled(document: DocumentType, label: str, value: str) -> None:
    if not value:
        return
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def add_bullets(document: DocumentType, items: list[str]) -> None:
    for item in items:
        document.add_paragraph(item, style="List Bullet")


def to_bytes(document: DocumentType) -> bytes:
    raw = io.BytesIO()
    document.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _idea(document: DocumentType, idea: IdeaEntry) -> None:
    document.add_heading(idea.title, level=3)
    document.add_paragraph(idea.text)
    facts = []
    if idea.votes is not None:
        facts.append(
            ngettext("%(count)d vote", "%(count)d votes", idea.votes) % {"count": idea.votes}
        )
        facts.append(_("rank %(rank)d") % {"rank": idea.rank})
    if idea.credit:
        facts.append(idea.credit)
    if idea.space_topic:
        facts.append(_("from the session %(topic)s") % {"topic": idea.space_topic})
    if facts:
        document.add_paragraph().add_run(" · ".join(facts)).italic = True
    add_bullets(
        document,
        [
            _("Carried on in initiative %(ref)s %(title)s (%(status)s)")
            % {"ref": f"{link.number}.", "title": link.title, "status": link.status_label}
            for link in idea.initiatives
        ],
    )


def add_initiative_fields(document: DocumentType, initiative: InitiativeEntry) -> None:
    add_labelled(document, _("Intervention"), initiative.intervention)
    add_labelled(document, _("Purpose"), initiative.purpose)
    add_labelled(document, _("Target group"), initiative.target_group)
    add_labelled(document, _("Strategic goal"), initiative.strategic_goal)
    add_labelled(document, _("Actors"), ", ".join(initiative.all_actors))
    add_labelled(document, _("Timeline"), initiative.timeline)
    add_labelled(document, _("First step"), initiative.first_step)
    add_labelled(document, _("Example"), initiative.example)


def _initiative(document: DocumentType, initiative: InitiativeEntry) -> None:
    document.add_heading(f"{initiative.number}. {initiative.title}", level=2)
    add_labelled(
        document,
        _("Status"),
        f"{initiative.status_label} · {_('Progress')} {initiative.progress} %",
    )
    add_labelled(document, _("Theme"), initiative.theme)
    add_initiative_fields(document, initiative)
    if initiative.ideas:
        document.add_paragraph().add_run(_("Ideas it came from")).bold = True
        add_bullets(document, [idea.title for idea in initiative.ideas])
    if initiative.milestones:
        document.add_heading(_("Follow-up"), level=3)
        add_bullets(
            document,
            [
                f"{document_date(m.date)}: {m.title}" + (f" – {m.text}" if m.text else "")
                for m in initiative.milestones
            ],
        )


def render(catalogue: Catalogue) -> bytes:
    document = new_document(
        title=catalogue.title, language=catalogue.language, day=catalogue.generated_on
    )
    document.add_heading(catalogue.title, level=0)
    for question in catalogue.questions:
        document.add_paragraph().add_run(question).italic = True
    for notice in catalogue.notices:
        document.add_paragraph().add_run(notice).bold = True
    add_contents(document)

    document.add_heading(_("About the workshops"), level=1)
    add_bullets(
        document,
        [f"{w.title} ({w.code}), {document_date(w.held_on)}" for w in catalogue.workshops],
    )
    people = catalogue.participation
    document.add_heading(_("Participation"), level=1)
    document.add_paragraph(
        _("%(people)d participants from %(organisations)d organisations.")
        % {"people": people.people, "organisations": people.organisations}
    )
    add_bullets(document, [f"{row.label}: {row.count}" for row in people.by_role])
    add_labelled(document, _("Organisations"), ", ".join(people.organisation_names))
    add_labelled(document, _("Participants"), ", ".join(people.participant_names))

    if catalogue.cards:
        document.add_heading(_("Knowledge"), level=1)
        for label, cards in catalogue.cards_by_kind:
            document.add_heading(label, level=2)
            for card in cards:
                paragraph = document.add_paragraph(style="List Bullet")
                if card.title:
                    paragraph.add_run(f"{card.title}: ").bold = True
                paragraph.add_run(card.body)
                if card.credit:
                    paragraph.add_run(f" ({card.credit})").italic = True

    document.add_page_break()
    document.add_heading(_("Ideas by theme"), level=1)
    if not catalogue.idea_count:
        document.add_paragraph(_("No ideas yet."))
    for theme in catalogue.themes:
        document.add_heading(theme.name, level=2)
        for idea in theme.ideas:
            _idea(document, idea)
        for example in theme.examples:
            add_labelled(document, _("Example"), example)
    if catalogue.unsorted_ideas:
        document.add_heading(_("Ideas without a theme"), level=2)
        for idea in catalogue.unsorted_ideas:
            _idea(document, idea)

    if catalogue.spaces:
        document.add_heading(_("Open Space sessions"), level=1)
        for space in catalogue.spaces:
            document.add_heading(space.topic, level=2)
            add_labelled(document, _("Host"), space.host)
            add_labelled(
                document,
                _("Where and when"),
                " · ".join(p for p in (space.location, space.slot) if p),
            )
            add_labelled(document, _("Key points"), space.key_points)
            add_labelled(document, _("Who should be involved"), space.who)
            add_labelled(document, _("Next step"), space.next_step)

    document.add_page_break()
    document.add_heading(_("Initiatives and follow-up"), level=1)
    if not catalogue.initiatives:
        document.add_paragraph(_("No initiatives yet."))
    for initiative in catalogue.initiatives:
        _initiative(document, initiative)
    return to_bytes(document)
