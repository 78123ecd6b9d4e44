"""Every export format, parsed the way its readers parse it, checked for content and safety."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import docx
import jsonschema
import pytest
from django.conf import settings

from ideas.catalogue import build_catalogue
from ideas.exports import FORMATS, export_catalogue
from ideas.exports.csv import neutralise
from ideas.exports.markdown import escape
from tests.ideas.catalogue_fixtures import FORMULA, SCRIPT, build_fixture, closed_fixture
from tests.ideas.document_fixtures import pdf_text
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_fixture(facilitator):
    return closed_fixture(facilitator)


SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs" / "catalogue-schema.json").read_text())


def export(fixture, fmt: str) -> bytes:
    return export_catalogue(build_catalogue([fixture.workshop]), fmt).content


def headings(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def readable_text(content: bytes, fmt: str) -> str:
    """What a reader of `fmt` reads: a Word document's paragraphs, a PDF's text."""
    if fmt == "docx":
        return docx_text(content)
    if fmt == "pdf":
        return pdf_text(content)
    return content.decode("utf-8-sig")


def test_docx_has_real_heading_styles(catalogue_fixture):
    document = docx.Document(io.BytesIO(export(catalogue_fixture, "docx")))
    found = headings(document)
    assert ("Title", "Fællesskab på tværs af generationer i Nordby") in found
    assert ("Heading 1", "Ideas by theme") in found
    assert ("Heading 2", "Mødesteder") in found
    assert ("Heading 2", "Bevægelse i naturen") in found
    assert ("Heading 3", "Gåklub fra boldbanen") in found
    assert ("Heading 1", "Initiatives and follow-up") in found
    assert ("Heading 2", "1. Gåklub for alle generationer") in found
    assert ("Heading 2", "Gåture med snak") in found  # the Open Space session
    text = docx_text(export(catalogue_fixture, "docx"))
    assert "Status: Planned · Progress 20 %" in text
    assert "15 August 2025: Første planlægningsmøde" in text
    assert "Faste ruter og en fast mødetid" in text
    assert "Hver femte over 75 føler sig ensom" in text
    assert "5 votes · rank 1" in text


def in_danish(fixture):
    """The fixture's screens default to English; these tests want the document in Danish."""
    Workshop.objects.filter(pk=fixture.workshop.pk).update(language="da")
    fixture.workshop.refresh_from_db()
    return fixture


def test_docx_in_the_workshops_language_and_reproducible(catalogue_fixture):
    in_danish(catalogue_fixture)
    first, second = export(catalogue_fixture, "docx"), export(catalogue_fixture, "docx")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.testzip() is None
    assert docx.Document(io.BytesIO(first)).core_properties.language == "da"


def test_csv_one_row_per_idea_with_formulas_neutralised(catalogue_fixture):
    content = export(catalogue_fixture, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 5  # the hidden idea is left out
    by_title = {row["Title"]: row for row in rows}
    walk = by_title["Gåklub fra boldbanen"]
    assert walk["Theme"] == "Bevægelse i naturen"
    assert (walk["Votes"], walk["Rank"]) == ("5", "1")
    assert walk["Initiative reference"] == "N-1"
    assert walk["Initiative"] == "Gåklub for alle generationer"
    assert walk["Initiative status"] == "Planned"
    assert by_title["Bedre busforbindelse"]["Theme"] == ""
    assert "'" + FORMULA in by_title
    assert FORMULA not in by_title
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", ["=1+1", "+45", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_formula_starts(value):
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_plain_values():
    assert neutralise("Gåtur") == "Gåtur"
    assert neutralise(5) == 5


def test_json_follows_the_schema(catalogue_fixture):
    data = json.loads(export(catalogue_fixture, "json"))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["schema_version"] == SCHEMA["properties"]["schema_version"]["const"]
    assert data["title"] == "Fællesskab på tværs af generationer i Nordby"
    assert data["initiatives"][0]["status"] == "planned"
    assert data["initiatives"][0]["milestones"][0]["date"] == "2025-08-15"
    theme_names = [theme["name"] for theme in data["themes"]]
    assert theme_names == ["Mødesteder", "Bevægelse i naturen"]


def test_json_of_empty_and_running_workshops_follows_the_schema(facilitator):
    running = build_fixture(facilitator)
    data = json.loads(export(running, "json"))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["workshops"][0]["running"] is True
    assert data["notices"]


def test_html_has_contents_status_and_print_stylesheet(catalogue_fixture):
    html = export(catalogue_fixture, "html").decode()
    assert '<nav class="doc-toc"' in html
    assert '<a href="#theme-1">Mødesteder</a>' in html
    assert "@page { size: A4" in html
    assert "target-counter(attr(href), page)" in html
    assert 'class="status status-planned">Planned<' in html
    assert "Første planlægningsmøde" in html
    # The idea links forward to the initiative, the initiative back to the idea
    walk = catalogue_fixture.ideas["walk"]
    initiative = catalogue_fixture.initiative
    assert f'href="#initiative-{initiative.pk}"' in html
    assert f'href="#idea-{walk.pk}"' in html


def test_markdown_content(catalogue_fixture):
    markdown = export(catalogue_fixture, "md").decode()
    assert markdown.startswith("# Fællesskab på tværs af generationer i Nordby\n")
    assert "### Mødesteder" in markdown
    assert "#### Gåklub fra boldbanen" in markdown
    assert "Carried on in initiative 1. Gåklub for alle generationer (Planned)" in markdown
    assert "**Status:** Planned · **Progress:** 20 %" in markdown


def test_markdown_escape():
    assert escape("<b>fed</b>") == "\\<b\\>fed\\</b\\>"
    assert escape("# ikke en overskrift") == "\\# ikke en overskrift"
    assert escape("1. ikke en liste") == "1\\. ikke en liste"
    assert escape("[link](javascript:x)") == "\\[link\\]\\(javascript:x\\)"
    assert escape("=== ikke en understregning") == "\\=== ikke en understregning"


@pytest.mark.parametrize("fmt", FORMATS)
def test_html_and_control_characters_are_safe_in_every_format(catalogue_fixture, fmt):
    content = export(catalogue_fixture, fmt)
    text = readable_text(content, fmt)
    assert "\x07" not in text
    if fmt == "html":
        assert SCRIPT not in text
        assert "&lt;script&gt;" in text
    elif fmt == "md":
        assert SCRIPT not in text
        assert "\\<script\\>" in text
    else:
        assert SCRIPT in text  # plain data: kept as the text it is


@pytest.mark.parametrize("fmt", FORMATS)
def test_anonymous_author_never_revealed(facilitator, fmt):
    fixture = build_fixture(facilitator, credit_participants=True)
    content = export(fixture, fmt)
    text = readable_text(content, fmt)
    assert "Spisevenner" in text
    assert fixture.anonymous_name not in text
    assert "Hemmelig Strikkeklub" not in text
    assert fixture.credited_name in text  # credited names do show


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_absent_by_default(catalogue_fixture, fmt):
    content = export(catalogue_fixture, fmt)
    text = readable_text(content, fmt)
    for name in ("Karen Holm", "Jens Lund", "Mette Ravn", catalogue_fixture.anonymous_name):
        assert name not in text
    assert "Nordby Boldklub" in text  # organisations are credited


@pytest.mark.parametrize("fmt", FORMATS)
def test_running_workshop_export_says_so(facilitator, fmt):
    fixture = build_fixture(facilitator)
    content = export(fixture, fmt)
    if fmt == "csv":
        return  # one row per idea; the notice is in the other formats
    text = readable_text(content, fmt)
    assert "is still running" in text


def test_danish_labels_when_translated(catalogue_fixture):
    """Labels come from the workshop's language; the document says which one it is in."""
    in_danish(catalogue_fixture)
    html = export(catalogue_fixture, "html").decode()
    assert '<html lang="da">' in html
