"""Renderers that turn a `Catalogue` into a file: HTML, PDF, DOCX, Markdown, CSV and JSON.

`export_catalogue` is the one entry point used by the downloads and by the
`export_catalogue` command, so both produce the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.text import slugify

from ideas.catalogue import Catalogue

FORMATS = ("html", "pdf", "docx", "md", "csv", "json")

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def file_stem(title: str, fallback: str = "catalogue") -> str:
    """A readable ASCII file name from a title (Danish letters spelled out)."""
    stem = slugify(re.sub(r"\s+", " ", title.translate(_DANISH_LETTERS)))
    return stem[:80] or fallback


def _renderer(fmt: str) -> Callable[[Catalogue], bytes]:
    from ideas.exports import csv, docx, html, json, markdown, pdf

    return {
        "html": html.render,
        "pdf": lambda catalogue: pdf.html_to_pdf(html.render(catalogue)),
        "docx": docx.render,
        "md": markdown.render,
        "csv": csv.render,
        "json": json.render,
    }[fmt]


def export_catalogue(catalogue: Catalogue, fmt: str) -> Export:
    """Render `catalogue` as `fmt` (one of FORMATS) in the catalogue's language."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown catalogue format {fmt!r}")
    with translation.override(catalogue.language):
        content = _renderer(fmt)(catalogue)
    return Export(content, CONTENT_TYPES[fmt], f"{file_stem(catalogue.title)}.{fmt}")
