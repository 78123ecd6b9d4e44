"""The title page of a published document, from the publishing settings (set once in the admin)
and what staff chose for this document."""

from __future__ import annotations

import datetime

from ideas.catalogue_entries import Cover, DocumentOptions, Logo
from ideas.models import PublishedCatalogue, PublishingSettings

LOGO_MAX_BYTES = 1_000_000
# PNG and JPEG: what WeasyPrint, browsers and Word (python-docx) all place as a picture.
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_type(content: bytes) -> str:
    """The content type of a PNG or JPEG logo, "" for anything else."""
    return next((kind for magic, kind in LOGO_SIGNATURES.items() if content.startswith(magic)), "")


def publication_options(publication: PublishedCatalogue) -> DocumentOptions:
    """What staff chose when they published `publication`."""
    return DocumentOptions(
        introduction=publication.introduction,
        period=publication.period,
        contact=publication.contact,
        hide_votes=publication.hide_votes,
        hide_join_code=publication.hide_join_code,
        credit_organisations=publication.credit_organisations,
    )


def build_cover(
    *, options: DocumentOptions, period: str, published_on: datetime.date, introduction: str = ""
) -> Cover:
    """The cover of one document. Options win over the defaults (`period`, the settings'
    contact, `introduction`); the text is cleaned the way all catalogue text is."""
    from ideas.catalogue import clean_text

    settings = PublishingSettings.current()
    content = bytes(settings.logo or b"")
    kind = logo_type(content)
    return Cover(
        municipality=clean_text(settings.municipality),
        department=clean_text(settings.department),
        contact=clean_text(options.contact) or clean_text(settings.contact),
        period=clean_text(options.period) or period,
        published_on=published_on,
        introduction=clean_text(options.introduction) or clean_text(introduction),
        logo=Logo(content, kind) if kind else None,
    )
