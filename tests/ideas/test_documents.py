"""The catalogue and the action plan read as documents a municipality publishes: one numbering
scheme, one date style per language, every label in the document's language, and the DOCX plan
carrying what the HTML plan carries."""

from __future__ import annotations

import io
import re

import docx
import pytest
from django.urls import reverse
from lxml import html as lxml_html

from ideas.catalogue import build_catalogue
from ideas.exports import export_catalogue
from ideas.models import Initiative
from tests.ideas.catalogue_fixtures import build_fixture, close, make_staff_user
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

MONTHS = {
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
}
# The one style each language's documents write dates in: "1. september 2025", "1 september 2025".
DATE_STYLE = {
    "da": rf"\d{{1,2}}\. (?:{MONTHS['da'].replace(' ', '|')}) \d{{4}}",
    "sv": rf"\d{{1,2}} (?:{MONTHS['sv'].replace(' ', '|')}) \d{{4}}",
}
# Anything that looks like a date in any style: ISO, numeric, or day-month-year in words.
ANY_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}\.? [A-Za-zåäöæø]+\.? \d{4}"
)


def _fixture_in(facilitator, language: str, *, closed: bool = True):
    fixture = build_fixture(facilitator)
    Workshop.objects.filter(pk=fixture.workshop.pk).update(language=language)
    if closed:
        close(fixture.workshop)
    fixture.workshop.refresh_from_db()
    # References as the workshop hands them out ("1", "2" …), the case that doubled up.
    Initiative.objects.filter(pk=fixture.initiative.pk).update(reference="1")
    Initiative.objects.create(
        workshop=fixture.workshop,
        reference="2",
        title="Kaffe og kortspil i hallen",
        target_group="Alle over 65",
        status=Initiative.Status.IN_PROGRESS,
    )
    return fixture


def _html_text(content: bytes) -> str:
    """What a reader sees of an HTML document (no attributes such as <time datetime>)."""
    return lxml_html.fromstring(content).body.text_content()


def _docx_paragraphs(content: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(content)).paragraphs]


def _catalogue_texts(fixture) -> dict[str, str]:
    catalogue = build_catalogue([fixture.workshop])
    return {
        "html": _html_text(export_catalogue(catalogue, "html").content),
        "docx": "\n".join(
            text for _style, text in _docx_paragraphs(export_catalogue(catalogue, "docx").content)
        ),
        "md": export_catalogue(catalogue, "md").content.decode(),
    }


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff_user())
    return client


def _action_plan(client, fixture, fmt: str, browser_language: str = "en") -> bytes:
    response = client.get(
        reverse("ideas:staff_action_plan"),
        {"workshop": fixture.workshop.pk, "format": fmt},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )
    assert response.status_code == 200
    return response.content


def _plan_texts(client, fixture) -> dict[str, str]:
    return {
        "html": _html_text(_action_plan(client, fixture, "html")),
        "docx": "\n".join(
            text for _s, text in _docx_paragraphs(_action_plan(client, fixture, "docx"))
        ),
    }


@pytest.mark.parametrize("language", ["da", "sv"])
def test_one_numbering_scheme_in_catalogue_and_action_plan(staff_client, facilitator, language):
    """Initiatives are numbered once ("1. Gåklub …"), never number and reference ("1. 1 …"),
    and an idea points to its initiative by that same number."""
    fixture = _fixture_in(facilitator, language)
    documents = {f"catalogue.{k}": v for k, v in _catalogue_texts(fixture).items()}
    documents |= {f"plan.{k}": v for k, v in _plan_texts(staff_client, fixture).items()}
    for name, text in documents.items():
        assert not re.search(r"\b(\d+)\.\s+\d+\s+(Gåklub|Kaffe)", text), name
        numbered = re.findall(r"\b(\d+)\.\s+(Gåklub for alle generationer|Kaffe og kortspil)", text)
        assert numbered, name
        # The same initiative carries the same number wherever it is named.
        assert len({title: n for n, title in numbered}) == len(set(numbered)), (name, numbered)
    catalogue = _catalogue_texts(fixture)
    number = re.search(r"(\d+)\.\s+Gåklub for alle generationer", catalogue["docx"]).group(1)
    for text in catalogue.values():
        assert re.search(rf"{number}\.\s+Gåklub for alle generationer\s+\(?\w+\)?", text)


@pytest.mark.parametrize("language", ["da", "sv"])
def test_one_date_style_per_document(staff_client, facilitator, language):
    # Still running: its notice carries a date too.
    fixture = _fixture_in(facilitator, language, closed=False)
    documents = {f"catalogue.{k}": v for k, v in _catalogue_texts(fixture).items()}
    documents |= {f"plan.{k}": v for k, v in _plan_texts(staff_client, fixture).items()}
    style = re.compile(DATE_STYLE[language])
    for name, text in documents.items():
        dates = ANY_DATE.findall(text)
        assert dates, name
        assert [d for d in dates if not style.fullmatch(d)] == [], name
    # The dates themselves: start, end and milestone in the catalogue.
    catalogue = documents["catalogue.docx"]
    if language == "da":
        assert "1. september 2025 – 30. juni 2026" in catalogue
        assert "15. august 2025" in catalogue
    else:
        assert "1 september 2025 – 30 juni 2026" in catalogue
        assert "15 augusti 2025" in catalogue


def test_danish_action_plan_docx_is_danish_whatever_the_browser_speaks(staff_client, facilitator):
    fixture = _fixture_in(facilitator, "da")
    for browser in ("en", "sv"):
        paragraphs = _docx_paragraphs(_action_plan(staff_client, fixture, "docx", browser))
        text = "\n".join(t for _s, t in paragraphs)
        assert "Status: Planlagt" in text and "Status: I gang" in text
        for foreign in ("Planned", "In progress", "Planerat", "Pågår"):
            assert foreign not in text


def test_docx_action_plan_has_the_target_group_the_html_has(staff_client, facilitator):
    fixture = _fixture_in(facilitator, "da")
    html = _html_text(_action_plan(staff_client, fixture, "html"))
    assert "Målgruppe" in html and "Ældre der bor alene" in html
    paragraphs = _docx_paragraphs(_action_plan(staff_client, fixture, "docx"))
    for title, group in [
        ("Gåklub for alle generationer", "Ældre der bor alene"),
        ("Kaffe og kortspil i hallen", "Alle over 65"),
    ]:
        start = next(i for i, (s, t) in enumerate(paragraphs) if s == "Heading 1" and title in t)
        section = paragraphs[start + 1 :]
        end = next((i for i, (s, _t) in enumerate(section) if s == "Heading 1"), len(section))
        section = section[:end]
        heading = section.index(("Heading 2", "Målgruppe"))
        assert section[heading + 1] == ("Normal", group)
