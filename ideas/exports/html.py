"""The catalogue as one self-contained HTML page; its stylesheet makes print-to-PDF clean."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ideas.catalogue import Catalogue


@cache
def print_stylesheet() -> SafeString:
    """Our own static/css/print.css, inlined so a downloaded file needs nothing else.
    Never user text, so safe to mark."""
    path = settings.BASE_DIR / "static" / "css" / "print.css"
    return mark_safe(path.read_text(encoding="utf-8"))  # noqa: S308 - our own file


def render(catalogue: Catalogue) -> bytes:
    html = render_to_string(
        "catalogue/document.html", {"catalogue": catalogue, "print_css": print_stylesheet()}
    )
    return html.encode("utf-8")
