"""The catalogue as a Word document with real heading styles (Title, Heading 1–3), so Word's
navigation pane and table of contents work. The file is byte-for-byte reproducible: the same
catalogue gives the same bytes (fixed document dates and zip timestamps)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ideas.catalogue import Catalogue, IdeaEntry, InitiativeEntry
from ideas.catalogue_entries import Cover, document_date

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# The HTML documents' look (static/css/print.css): a serif text, sans-serif headings, the
# accent green; fonts every Word and LibreOffice has or substitutes well.
TEXT_FONT = "Georgia"
HEADING_FONT = "Arial"
INK = RGBColor(0x1C, 0x1F, 0x24)
MUTED = RGBColor(0x59, 0x60, 0x6B)
ACCENT = RGBColor(0x0B, 0x5D, 0x4B)
_HEADING_SIZES = {"Title": 26, "Heading 1": 16, "Heading 2": 13, "Heading 3": 11.5, "Heading 4": 11}


def _set_font(style, name: str) -> None:
    """`name` for every script, replacing the template's theme fonts (which would win)."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _style(document: DocumentType) -> None:
    normal = document.styles["Normal"]
    _set_font(normal, TEXT_FONT)
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.widow_control = True
    for name, size in _HEADING_SIZES.items():
        style = document.styles[name]
        _set_font(style, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT if name in ("Title", "Heading 1") else INK
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 8)
        style.paragraph_format.space_after = Pt(3)


def new_document(*, title: str, language: str, day: datetime.date) -> DocumentType:
    document = Document()
    _style(document)
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(24)
    section.left_margin = section.right_margin = Mm(20)
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


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, NUMPAGES …) at the end of `paragraph`, showing `shown` until
    the reader's program computes it."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def add_cover(
    document: DocumentType,
    cover: Cover | None,
    *,
    kind: str,
    title: str,
    questions: list[str] = (),
    notices: list[str] = (),
) -> None:
    """The title page (publisher, title, period; publication date and contact at its foot),
    then a page break. Its section shows no footer on this first page."""
    if cover and cover.logo:
        document.add_picture(io.BytesIO(cover.logo.content), height=Cm(1.8))
    if cover and cover.municipality:
        run = document.add_paragraph().add_run(cover.municipality)
        run.bold, run.font.size, run.font.name = True, Pt(14), HEADING_FONT
    if cover and cover.department:
        run = document.add_paragraph().add_run(cover.department)
        run.font.color.rgb, run.font.name = MUTED, HEADING_FONT
    eyebrow = document.add_paragraph()
    eyebrow.paragraph_format.space_before = Cm(5)
    run = eyebrow.add_run(kind.upper())
    run.font.color.rgb, run.font.name, run.font.size = MUTED, HEADING_FONT, Pt(10)
    document.add_heading(title, level=0)
    for question in questions:
        run = document.add_paragraph().add_run(question)
        run.italic, run.font.size = True, Pt(13)
    if cover and cover.period:
        document.add_paragraph().add_run(cover.period).font.size = Pt(12)
    for notice in notices:
        document.add_paragraph().add_run(notice).bold = True
    facts = document.add_paragraph()
    facts.paragraph_format.space_before = Cm(4)
    if cover:
        add_labelled(document, _("Published"), document_date(cover.published_on), facts)
        add_labelled(document, _("Contact"), cover.contact)
    document.add_page_break()


def add_footer(document: DocumentType, title: str) -> None:
    """Every page but the title page: the title at the left, "Side 3 af 12" at the right."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT
    )
    paragraph.add_run(f"{title}\t")
    text = _("Page %(page)s of %(pages)s")
    for part in re.split(r"(%\(pages?\)s)", text):
        if part == "%(page)s":
            _field(paragraph, "PAGE", "1")
        elif part == "%(pages)s":
            _field(paragraph, "NUMPAGES", "1")
        elif part:
            paragraph.add_run(part)
    for run in paragraph.runs:
        run.font.size, run.font.color.rgb, run.font.name = Pt(8.5), MUTED, HEADING_FONT


_AFTER_UPDATE_FIELDS = {
    qn(f"w:{name}")
    for name in [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def add_contents(document: DocumentType) -> None:
    """Where the table of contents goes; `fill_contents` writes it once the headings exist."""
    heading = document.add_paragraph()
    run = heading.add_run(_("Contents"))
    run.bold, run.font.size, run.font.name, run.font.color.rgb = True, Pt(16), HEADING_FONT, ACCENT
    heading.paragraph_format.keep_with_next = True
    document.add_paragraph()._p.set(qn("w:rsidR"), "00C0FFEE")  # found again by fill_contents


def fill_contents(document: DocumentType) -> None:
    """A TOC field over Heading 1–2 whose result already lists the headings, so any reader
    sees the contents; Word recomputes it with page numbers on opening (updateFields)."""
    body = document.paragraphs
    anchor = next((p for p in body if p._p.get(qn("w:rsidR")) == "00C0FFEE"), None)
    if anchor is None:
        return
    del anchor._p.attrib[qn("w:rsidR")]
    entries = [p for p in body if p.style.name in ("Heading 1", "Heading 2")]

    def char(paragraph: Paragraph, kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char(anchor, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    anchor.add_run()._r.append(instruction)
    char(anchor, "separate")
    paragraphs = []
    for entry in entries:  # the first entry shares the field's opening paragraph, as Word's do
        if paragraphs:
            element = OxmlElement("w:p")
            paragraphs[-1]._p.addnext(element)
            paragraph = Paragraph(element, anchor._parent)
        else:
            paragraph = anchor
        run = paragraph.add_run(entry.text)
        if entry.style.name == "Heading 2":
            paragraph.paragraph_format.left_indent = Cm(0.8)
        else:
            run.bold = True
        paragraph.paragraph_format.space_after = Pt(1)
        paragraphs.append(paragraph)
    paragraphs = paragraphs or [anchor]
    char(paragraphs[-1], "end")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings = document.settings.element
    # Word reads settings in the schema's order: updateFields comes before these.
    later = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
    if later is None:
        settings.append(update)
    else:
        later.addprevious(update)


def add_labelled(
    document: DocumentType, label: str, value: str, paragraph: Paragraph | None = None
) -> None:
    if not value:
        return
    paragraph = paragraph or document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def add_text(document: DocumentType, text: str) -> None:
    """Text as its writer typed it: a paragraph per blank-line-separated block."""
    for block in re.split(r"\n\s*\n", text.replace("\r", "")):
        if block.strip():
            document.add_paragraph(block.strip())


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
    if idea.origin:
        facts.append(idea.origin)
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


def add_initiative(
    document: DocumentType, initiative: InitiativeEntry, *, level: int, follow_up: bool
) -> None:
    """An initiative as municipalities lay one out in an action plan: its number and title,
    then a section each for intervention, purpose, target group, strategic goal, actors and
    timeline; a catalogue adds where it came from and how it has been followed up."""
    document.add_heading(f"{initiative.number}. {initiative.title}", level=level)
    add_labelled(
        document,
        _("Status"),
        f"{initiative.status_label} · {_('Progress')} {initiative.progress} %",
    )

    def section(label: str, text: str) -> None:
        document.add_heading(label, level=level + 1)
        document.add_paragraph(text or "–")

    section(_("Intervention"), initiative.intervention)
    section(_("Purpose"), initiative.purpose)
    if initiative.target_group:  # as the HTML: only when the group wrote one
        section(_("Target group"), initiative.target_group)
    section(_("Strategic goal"), initiative.strategic_goal)
    document.add_heading(_("Actors"), level=level + 1)
    if initiative.all_actors:
        add_bullets(document, initiative.all_actors)
    else:
        document.add_paragraph("–")
    section(_("Timeline"), initiative.timeline)
    if not follow_up:
        return
    add_labelled(document, _("First step"), initiative.first_step)
    add_labelled(document, _("Example"), initiative.example)
    add_labelled(document, _("Theme"), initiative.theme)
    if initiative.ideas:
        document.add_paragraph().add_run(_("Ideas it came from")).bold = True
        add_bullets(document, [idea.title for idea in initiative.ideas])
    if initiative.milestones:
        document.add_heading(_("Follow-up"), level=level + 1)
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
    add_cover(
        document,
        catalogue.cover,
        kind=_("Inspiration catalogue"),
        title=catalogue.title,
        questions=catalogue.questions,
        notices=catalogue.notices,
    )
    add_footer(document, catalogue.title)
    add_contents(document)
    if catalogue.cover and catalogue.cover.introduction:
        document.add_heading(_("Introduction"), level=1)
        add_text(document, catalogue.cover.introduction)

    document.add_heading(_("About the workshops"), level=1)
    add_bullets(
        document,
        [
            f"{w.title}{f' ({w.code})' if w.code else ''}, {document_date(w.held_on)}"
            for w in catalogue.workshops
        ],
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

    document.add_heading(_("Initiatives and follow-up"), level=1)
    if not catalogue.initiatives:
        document.add_paragraph(_("No initiatives yet."))
    for initiative in catalogue.initiatives:
        add_initiative(document, initiative, level=2, follow_up=True)
    fill_contents(document)
    return to_bytes(document)
