"""A small Python model of what static/js/realtime.js does with a frame, for convergence tests."""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement


def parse_screen(html: str) -> HtmlElement:
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    return wrapper


def _by_id(root: HtmlElement, dom_id: str) -> HtmlElement | None:
    found = root.xpath(f'//*[@id="{dom_id}"]')
    return found[0] if found else None


def _place(root: HtmlElement, node: HtmlElement, into: str | None, at_start: bool) -> None:
    existing = _by_id(root, node.get("id")) if node.get("id") else None
    if existing is not None:
        existing.addnext(node)
        existing.getparent().remove(existing)
        return
    container = _by_id(root, into) if into else None
    if container is None:
        return
    if at_start:
        container.insert(0, node)
    else:
        container.append(node)


def apply(root: HtmlElement, frame: str) -> None:
    """Apply one server frame to the document `root`, as the browser client does."""
    for node in list(parse_screen(frame)):
        kind = node.get("data-rt")
        if kind == "remove":
            gone = _by_id(root, node.get("data-target"))
            if gone is not None:
                gone.getparent().remove(gone)
        elif kind == "upsert":
            for item in list(node):
                _place(root, item, node.get("data-into"), node.get("data-at") == "start")
        elif kind is None and node.get("id"):
            _place(root, node, None, False)


def normalised(root: HtmlElement) -> str:
    """Markup with time-dependent timer values and insignificant whitespace removed."""
    html = lxml.html.tostring(root, encoding="unicode")
    html = re.sub(r' data-remaining-ms="\d+"', "", html)
    html = re.sub(r'data-countdown="?"?>[^<]*<', "data-countdown><", html)
    html = re.sub(r"<input[^>]*csrfmiddlewaretoken[^>]*>", "", html)
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()
