"""The "show more" control at the end of a long list (ideas/pages.py serves the pages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from ideas.selectors_voting import MyDots
from workshops.models import Workshop

register = template.Library()

# Where each screen loads its next page from: the same checks as the screen itself.
MORE_URL_NAMES = {
    "participant": "ideas:more_participant",
    "facilitator": "ideas:more_facilitator",
    "projector": "ideas:more_projector",
}


def more_href(workshop: Workshop, audience: str, what: str, after: Any) -> str:
    path = reverse(MORE_URL_NAMES[audience], args=[workshop.join_code, what])
    return f"{path}?{urlencode({'after': after})}"


@register.inclusion_tag("ideas/_more.html")
def show_more(
    workshop: Workshop, audience: str, what: str, after: Any, left: int, kind: str, tag: str = "li"
) -> dict[str, Any]:
    """A link to the next page of list `what` (an element with the id `<what>-more`, inside
    the list): htmx loads the page in its place, and without JavaScript it is a plain link
    to a page of its own."""
    return {
        "dom_id": f"{what}-more",
        "href": more_href(workshop, audience, what, after),
        "left": left,
        "kind": kind,
        "tag": tag,
    }


@register.filter
def dots_on(mine: Any, item: Any) -> int:
    """A participant's own dots on a vote item, where the render is theirs alone (a page
    loaded over HTTP); shared renders say 0 and the personal message fills in the rest."""
    if not isinstance(mine, MyDots) or mine.kind != item.kind:
        return 0
    return mine.mine.get(item.pk, 0)
