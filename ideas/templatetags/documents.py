"""Filters for the published documents (catalogue and action plan)."""

from django import template

from ideas.catalogue_entries import document_date

register = template.Library()


@register.filter
def doc_date(day) -> str:
    """A date in the documents' one style for the active language ("2. december 2026")."""
    return document_date(day) if day else ""
