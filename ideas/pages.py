"""The next page of a long list on a screen, over plain HTTP.

A screen arrives whole in one websocket message, so it shows only the first page of each long
list (the newest ideas on the wall, the top of each board column, the first ideas to vote on,
the top of the results) and ends the list with a "show more" link
(ideas/templatetags/paging.py). With JavaScript, htmx puts the next page in the link's place;
without, the link opens a page of its own. Each audience loads from its own address with the
same checks as its screen; a participant's page is theirs alone, so it may carry their own
dots and their own style.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ideas import board, selectors, selectors_voting
from ideas.models import Theme
from workshops.actions.base import is_facilitator_of
from workshops.models import Participant, Workshop
from workshops.screens import own_styles
from workshops.selectors import workshop_by_code
from workshops.views import activate_workshop_language, current_participant

AUDIENCES = ("participant", "facilitator", "projector")
SCREEN_URL_NAMES = {
    "participant": "workshops:participant",
    "facilitator": "workshops:console",
    "projector": "workshops:projector",
}


def _after(request: HttpRequest) -> int | None:
    raw = request.GET.get("after", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _wall(workshop: Workshop, audience: str, after: int | None) -> dict[str, Any]:
    ideas, left = selectors.wall_page(
        workshop,
        include_hidden=audience == "facilitator",
        before=after,
        size=selectors.WALL_PAGE,
    )
    return {
        "list_kind": "wall",
        "ideas": ideas,
        "more": ("ideas", ideas[-1].pk, left, "older", "div") if left else None,
    }


def _column(workshop: Workshop, audience: str, what: str, after: int | None) -> dict[str, Any]:
    offset = after or 0
    column = board.column_page(
        workshop,
        what.removeprefix("column-"),
        include_hidden=audience == "facilitator",
        offset=offset,
    )
    if column is None:
        raise Http404
    return {
        "list_kind": "column",
        "column": column,
        "themes": list(Theme.objects.filter(workshop=workshop)),
        "more": (what, offset + column.shown, column.left, "ideas", "li") if column.left else None,
    }


def _vote_items(
    workshop: Workshop, audience: str, after: int | None, participant: Participant | None
) -> dict[str, Any]:
    voting_round = selectors_voting.open_round(workshop)
    if voting_round is None:
        raise Http404
    items, left = selectors_voting.voting_items(
        voting_round, after=after, size=selectors_voting.VOTE_ITEMS_PAGE
    )
    mine = selectors_voting.my_dots(voting_round, participant.pk) if participant else None
    return {
        "list_kind": "vote-items",
        "voting_round": voting_round,
        "items": items,
        "mine": mine,
        "more": ("vote-items", items[-1].pk, left, "ideas", "li") if left else None,
    }


def _results(workshop: Workshop, after: int | None) -> dict[str, Any]:
    voting_round = selectors_voting.latest_round(workshop)
    if voting_round is None:
        raise Http404
    offset = after or 0
    results = selectors_voting.revealed_results(voting_round)
    page = results[offset : offset + selectors_voting.RESULTS_PAGE]
    left = len(results) - offset - len(page)
    return {
        "list_kind": "results",
        "voting_round": voting_round,
        "results": page,
        "more": ("results", offset + len(page), left, "results", "li") if left > 0 else None,
    }


@require_GET
@never_cache
def more(request: HttpRequest, code: str, what: str, audience: str) -> HttpResponse:
    workshop = workshop_by_code(code)
    if workshop is None or audience not in AUDIENCES:
        raise Http404
    participant = None
    if audience == "participant":
        participant = current_participant(request, workshop)
        if participant is None:
            return redirect("workshops:join", code=workshop.join_code)
    elif not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    elif not is_facilitator_of(request.user, workshop):
        raise Http404
    activate_workshop_language(request, workshop)
    after = _after(request)
    if what == "ideas":
        context = _wall(workshop, audience, after)
    elif what.startswith("column-"):
        context = _column(workshop, audience, what, after)
    elif what == "vote-items":
        context = _vote_items(workshop, audience, after, participant)
    elif what == "results":
        context = _results(workshop, after)
    else:
        raise Http404
    context.update(
        {
            "workshop": workshop,
            "audience": audience,
            "screen_url_name": SCREEN_URL_NAMES[audience],
            "own_styles": own_styles(workshop, participant.pk) if participant else "",
        }
    )
    template = "ideas/_page.html" if request.htmx else "ideas/page.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
