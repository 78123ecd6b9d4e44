"""The Word documents staff edit and send on: the title page, a footer whose page number is a
field, a contents field Word fills in on opening (listing the headings even before), the
HTML's fonts and colours, and initiatives laid out section by section as an action plan."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn

from ideas.catalogue import build_catalogue
from ideas.exports import export_catalogue
from tests.ideas.catalogue_fixtures import make_staff_user
from tests.ideas.document_fixtures import TEXTS, publishing_fixture, publishing_options

pytestmark = pytest.mark.django_db


def _instructions(element) -> list[str]:
    return [node.text.strip() for node in element.iter(qn("w:instrText"))]


def _catalogue_docx(facilitator, language: str) -> docx.document.Document:
    fixture = publishing_fixture(facilitator, language)
    catalogue = build_catalogue([fixture.workshop], options=publishing_options(language))
    return docx.Document(io.BytesIO(export_catalogue(catalogue, "docx").content))


def test_title_page_footer_and_contents(facilitator):
    document = _catalogue_docx(facilitator, "da")
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    texts_before_break = texts[: next(i for i, p in enumerate(paragraphs) if "w:br" in p._p.xml)]
    for part in ("Nordby Kommune", "Social- og Sundhedsforvaltningen", "INSPIRATIONSKATALOG"):
        assert part in texts_before_break, part
    assert any(t.startswith("Udgivet: ") for t in texts_before_break)
    assert any(t.startswith("Kontakt: Frivilligkonsulent Anne Berg") for t in texts_before_break)
    assert len(document.inline_shapes) == 1  # the logo

    section = document.sections[0]
    assert section.different_first_page_header_footer  # no footer on the title page
    footer = section.footer.paragraphs[0]
    assert _instructions(footer._p) == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Fællesskab på tværs af generationer i Nordby\tSide ")
    assert " af " in footer.text

    body = document.element.body
    toc = [text for text in _instructions(body) if text.startswith("TOC")]
    assert toc == ['TOC \\o "1-2" \\h \\z \\u']
    updates = document.settings.element.findall(qn("w:updateFields"))
    assert [u.get(qn("w:val")) for u in updates] == ["true"]
    order = [child.tag for child in document.settings.element]
    assert order.index(qn("w:updateFields")) < order.index(qn("w:compat"))  # schema order
    # The field's result lists the headings already, in order, before Word updates it.
    headings = [p.text for p in paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    start = texts.index("Indhold") + 1
    assert texts[start : start + len(headings)] == headings
    assert "Indledning" in headings and "Ideer efter tema" in headings
    assert "1. Gåklub for alle generationer" in headings


def test_styled_like_the_html(facilitator):
    document = _catalogue_docx(facilitator, "sv")
    styles = document.styles
    assert styles["Normal"].font.name == "Georgia"
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert styles[name].font.name == "Arial", name
        fonts = styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over Arial
    assert str(styles["Heading 1"].font.color.rgb) == "0B5D4B"
    assert str(styles["Title"].font.color.rgb) == "0B5D4B"
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    # No forced page break but the one after the title page.
    breaks = [p for p in document.paragraphs if 'w:type="page"' in p._p.xml]
    assert len(breaks) == 1


def test_action_plan_lays_initiatives_out_section_by_section(client, facilitator):
    fixture = publishing_fixture(facilitator, "sv")
    client.force_login(make_staff_user())
    response = client.get(
        reverse("ideas:staff_action_plan"), {"workshop": fixture.workshop.pk, "format": "docx"}
    )
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    rows = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _style, text in rows]
    assert "Nordby kommun" in texts and "HANDLINGSPLAN" in texts
    assert ("Heading 1", "Inledning") in rows
    assert TEXTS["sv"]["introduction"].split("\n\n")[0] in texts

    start = rows.index(("Heading 1", "1. Gåklub for alle generationer"))
    end = next(i for i in range(start + 1, len(rows)) if rows[i][0] == "Heading 1")
    sections = [text for style, text in rows[start:end] if style == "Heading 2"]
    assert sections == ["Insats", "Syfte", "Målgrupp", "Strategiskt mål", "Aktörer", "Tidsplan"]
    actors = rows[rows.index(("Heading 2", "Aktörer"), start) + 1 : end]
    assert ("List Bullet", "Nordby Boldklub") in actors
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert "NUMPAGES" in package.read("word/footer1.xml").decode()
