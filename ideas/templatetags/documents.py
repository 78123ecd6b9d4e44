"""Filters for the published documents (catalogue and action plan)."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ideas.catalogue_entries import document_date

register = template.Library()


@register.filter
def doc_date(day) -> str:
    """A date in the documents' one style for the active language ("2. december 2026")."""
    return document_date(day) if day else ""


def _css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


@register.simple_tag
def page_number_content() -> str:
    """The CSS `content` of the page footer, "Side 3 af 12", in the active language."""
    text = _("Page %(page)s of %(pages)s")
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", text)
    css = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    return mark_safe(css)  # noqa: S308 - our own translation, escaped as a CSS string above
