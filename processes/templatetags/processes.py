"""Where a carried idea came from, on the workshop screens ("from “Idea workshop” in Nordby,
12 dots").

A screen or fragment renders many ideas of one workshop: the origins are read once per
workshop and sequence number (carrying ideas in records an event, so the seq moves on), and
shared by every render of that state (all audiences and languages).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template

from processes.catalogue import origin_text
from processes.models import CarriedIdea

register = template.Library()

_MEMO_SIZE = 64
_memo: OrderedDict[tuple, dict[int, CarriedIdea]] = OrderedDict()
_lock = threading.Lock()


def origins_of(workshop) -> dict[int, CarriedIdea]:
    # created_at too: a pk alone can come back (a test database, a restored backup).
    key = (workshop.pk, workshop.seq, workshop.created_at)
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    origins = {row.idea_id: row for row in CarriedIdea.objects.filter(idea__workshop=workshop)}
    with _lock:
        _memo[key] = origins
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return origins


@register.inclusion_tag("processes/_idea_byline.html", takes_context=True)
def idea_byline(context, idea) -> dict:
    """Who an idea is by, or, for an idea carried in from an earlier meeting (it has no
    author here), where it came from and its dots there."""
    workshop = context.get("workshop")
    origin = None
    if workshop is not None and workshop.pk == idea.workshop_id:
        origin = origins_of(workshop).get(idea.pk)
    return {"idea": idea, "origin": origin_text(origin) if origin else ""}
