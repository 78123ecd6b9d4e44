"""The catalogue and the action plan as PDF, read back the way a reader's PDF viewer shows
them: a title page, contents whose page numbers are where the sections are, a page number at
every page's foot, every label in the document's language, and no page left mostly empty."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from ideas.catalogue_entries import document_date
from tests.ideas.catalogue_fixtures import make_staff_user
from tests.ideas.document_fixtures import TEXTS, pdf_pages, publishing_fixture

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
FOOTER = 24 * MM  # the bottom page margin (static/css/print.css) holds the footer
MARGINS = 44 * MM  # top and bottom margins: what is left is the page's text area

# Labels the documents print, in English (their msgids). Each must appear translated.
LABELS = [
    "Contents",
    "Introduction",
    "Published",
    "Contact",
    "Inspiration catalogue",
    "Action plan",
    "About the workshops",
    "Participation",
    "Knowledge",
    "Ideas by theme",
    "Ideas without a theme",
    "Initiatives and follow-up",
    "Initiatives",
    "Intervention",
    "Purpose",
    "Target group",
    "Strategic goal",
    "Actors",
    "Timeline",
    "Example",
    "Theme",
    "Follow-up",
    "Ideas it came from",
    "Host",
    "Key points",
    "Next step",
    "Role",
    "People",
    "Page",
    "votes",
    "rank",
    "Made with Samskab",
    "Planned",
    "Proposed",
]
CONTENTS = {"da": "Indhold", "sv": "Innehåll"}
PAGE_OF = {"da": "Side {page} af {pages}", "sv": "Sida {page} av {pages}"}


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff_user())
    return client


def _catalogue_pdf(client, fixture, language: str) -> bytes:
    response = client.get(
        reverse("ideas:staff_catalogue_download"),
        {
            "workshops": [fixture.workshop.pk],
            "format": "pdf",
            "introduction": TEXTS[language]["introduction"],
            "credit_organisations": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",  # the document speaks its workshop's language regardless
    )
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _action_plan_pdf(client, fixture) -> bytes:
    response = client.get(
        reverse("ideas:staff_action_plan"),
        {"workshop": fixture.workshop.pk, "format": "pdf"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _text_extent(page) -> float:
    """How much of the page's text area its text covers, top line to bottom line (0–1),
    the footer left out."""
    heights = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            heights.append(tm[5] * cm[3] + cm[5])  # the baseline, in points from the bottom

    page.extract_text(visitor_text=visit)
    body = [y for y in heights if y > FOOTER]
    if not body:
        return 0.0
    return (max(body) - min(body)) / (float(page.mediabox.height) - MARGINS)


def _ends_in_a_heading(page) -> bool:
    """Whether the page's last line (above the footer) is set in the headings' bold
    sans-serif alone: a heading (or a field label) left at the foot, its text overleaf."""
    lines: dict[int, set[str]] = {}

    def visit(text, cm, tm, font, size):
        baseline = tm[5] * cm[3] + cm[5]
        if text.strip() and font is not None and baseline > FOOTER:
            lines.setdefault(round(baseline), set()).add(str(font.get("/BaseFont")))

    page.extract_text(visitor_text=visit)
    if not lines:
        return False
    last = lines[min(lines)]
    return all("Sans" in font and "Bold" in font for font in last)


def _english_labels(language: str) -> list[str]:
    """The labels whose translation differs from the English (so English is a mistake)."""
    with translation.override(language):
        return [label for label in LABELS if translation.gettext(label) != label]


def _check_document(content: bytes, language: str, sections: list[str], kind: str) -> None:
    texts = TEXTS[language]
    reader = PdfReader(io.BytesIO(content))
    pages = pdf_pages(content)
    count = len(pages)
    assert count >= 3, "a title page, contents and the document itself"

    # The title page: publisher, logo, the kind of document, period, date, contact.
    title_page = pages[0]
    for part in (texts["municipality"], texts["department"], texts["contact"], kind):
        assert part.casefold() in title_page.casefold(), part
    with translation.override(language):
        published = translation.gettext("Published")
        assert document_date(timezone.localdate()) in title_page
    assert published.casefold() in title_page.casefold()
    assert len(reader.pages[0].images) == 1, "the logo"

    # A page number at the foot of every page but the title page.
    assert PAGE_OF[language].format(page=1, pages=count) not in title_page
    for number, text in enumerate(pages[1:], start=2):
        assert PAGE_OF[language].format(page=number, pages=count) in text, number

    # Contents with page numbers, each one the page its section is on.
    contents_page = next(i for i, text in enumerate(pages) if CONTENTS[language] in text)
    assert contents_page == 1
    for section in sections:
        found = re.search(rf"{re.escape(section)}\s*\.*\s*(\d+)\b", pages[contents_page])
        assert found, (section, pages[contents_page])
        on_page = int(found.group(1))
        assert 2 <= on_page <= count
        assert section in pages[on_page - 1], (section, on_page)

    # Every label in the document's language.
    for label in _english_labels(language):
        assert not re.search(rf"\b{re.escape(label)}\b", " ".join(pages)), label

    # No forced break leaves a page mostly empty: each page but the last at least a
    # quarter full (the title page spreads over its page by design).
    extents = [_text_extent(page) for page in reader.pages]
    assert all(extent >= 0.25 for extent in extents[:-1]), extents
    # A heading is never alone at a page's foot.
    alone = [n for n, page in enumerate(reader.pages[1:], start=2) if _ends_in_a_heading(page)]
    assert alone == [], alone


@pytest.mark.parametrize("language", ["da", "sv"])
def test_catalogue_pdf_reads_as_a_published_document(staff_client, facilitator, language):
    fixture = publishing_fixture(facilitator, language)
    with translation.override(language):
        sections = [
            translation.gettext(label)
            for label in (
                "Introduction",
                "About the workshops",
                "Participation",
                "Knowledge",
                "Ideas by theme",
                "Open Space sessions",
                "Initiatives and follow-up",
            )
        ] + [TEXTS[language]["theme"], "Mødesteder"]
        kind = translation.gettext("Inspiration catalogue")
    content = _catalogue_pdf(staff_client, fixture, language)
    _check_document(content, language, sections, kind)
    text = " ".join(pdf_pages(content))
    assert "Vi vil" in text if language == "da" else "Vi vill" in text  # the introduction
    assert "Gåklub for alle generationer" in text


@pytest.mark.parametrize("language", ["da", "sv"])
def test_action_plan_pdf_reads_as_a_published_document(staff_client, facilitator, language):
    fixture = publishing_fixture(facilitator, language)
    with translation.override(language):
        sections = [translation.gettext("Introduction"), translation.gettext("Initiatives")]
        kind = translation.gettext("Action plan")
    sections += ["Gåklub for alle generationer", TEXTS[language]["initiative"].format(n=6)]
    content = _action_plan_pdf(staff_client, fixture)
    _check_document(content, language, sections, kind)
    pages = pdf_pages(content)
    # Numbered once, in the contents and at the initiative alike.
    body = " ".join(pages[1:])
    assert re.search(r"\b1\. Gåklub for alle generationer", body)
    assert not re.search(r"\d+\.\s+\d+\s+Gåklub", body)
