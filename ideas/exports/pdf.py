"""A document as PDF: the HTML rendering, laid out on A4 pages by WeasyPrint with the print
stylesheet (title page, contents with page numbers, a footer with the page number)."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

# WeasyPrint and its font machinery log every CSS property they skip at WARNING; the
# stylesheet also serves browsers, so those are expected, not news.
for name in ("weasyprint", "fontTools"):
    logging.getLogger(name).setLevel(logging.ERROR)


# Laying out pages takes seconds for a big catalogue, and a published one can be asked for by
# anyone with its link: the same HTML always gives the same PDF, so keep it for a while.
CACHE_SECONDS = 60 * 60


def html_to_pdf(html: bytes) -> bytes:
    """`html` (a self-contained document: inline styles, images as data URIs) as PDF bytes.
    Nothing is fetched from the network: any other URL is refused."""
    key = "samskab:document-pdf:" + hashlib.sha256(html).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _render(html)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _render(html: bytes) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(
        string=html.decode("utf-8"),
        base_url=str(settings.BASE_DIR),
        url_fetcher=URLFetcher(allowed_protocols={"data"}),
    )
    return document.write_pdf()
