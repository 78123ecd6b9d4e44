"""Every main screen in Danish and Swedish, in a real browser: no English, no sideways
scrolling, no accessibility violation.

The screens are those of tests/e2e/showcase.py (a phone, the console and the projector in every
phase, the join page, the staff pages, the catalogue and action plan), each at its device's
size: phones at 320 px, the console at 1366 × 768, the projector at 1920 × 1080.

- English: a screen's visible text and its accessible names (aria-label, placeholder, title,
  alt) must contain no English source string of the message catalogue. A source string counts
  only where its translation differs from it and the text is not also part of the language's
  own translations or the showcase's content; a whole text equal to a one-word source string
  counts too. Text inside an element marked with another `lang` (the language switch's
  "English") is that language's, not a leak.
- Overflow: the page is never wider than the window.
- axe-core (axe-playwright-python): no violation of any impact.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from tests.e2e.showcase import CONTENT, build_showcase, main_screens, new_context
from tests.live_server import live_server

pytestmark = pytest.mark.e2e

LANGUAGES = ["da", "sv"]
LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")

# Visible text and accessible names in the page's own language (skipping elements that say
# they are in another language), one string per text node or attribute.
PAGE_TEXTS = """
() => {
  const lang = document.documentElement.lang;
  const own = (el) => {
    const marked = el.closest('[lang]');
    return !marked || marked.lang === lang;
  };
  const shown = (el) => el.checkVisibility ? el.checkVisibility() : true;
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text && own(el) && (shown(el) || el.closest('.visually-hidden'))) texts.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')) {
    if (!own(el)) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) texts.push(value.replace(/\\s+/g, ' ').trim());
    }
  }
  return texts;
}
"""
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => getComputedStyle(el).position !== 'fixed' && el.checkVisibility())
    .filter((el) => el.getBoundingClientRect().right > width + 1 ||
      (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'))
    .filter((el) => !el.closest('.visually-hidden, .skip-link'));
  const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  return {
    scroll: document.documentElement.scrollWidth, width,
    culprits: innermost.slice(0, 4).map((el) =>
      el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.classList.length ? '.' + [...el.classList].join('.') : '') +
      ' ' + Math.round(el.getBoundingClientRect().right) + 'px'),
  };
}
"""


def _catalogue(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def _as_tuple(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@cache
def english_markers(language: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """(one-word source strings, patterns of longer source-string pieces) that would be English
    on a screen in `language`."""
    messages = [message for message in _catalogue(language) if message.id]
    translations = [text for m in messages for text in _as_tuple(m.string) if text]
    own_text = "\n".join(translations + _content_texts(language))
    single, pieces = set(), set()
    for message in messages:
        for source in _as_tuple(message.id):
            if source in _as_tuple(message.string):
                continue  # the same in both languages ("OK", a brand)
            for piece in PLACEHOLDER.split(source):
                piece = " ".join(piece.split()).strip(" :·,.()–-…?!")
                if len(piece) < 3 or piece in own_text or not re.search(r"[A-Za-z]{3}", piece):
                    continue
                (pieces if " " in piece else single).add(piece)
    patterns = tuple(re.compile(r"(?<!\w)" + re.escape(p) + r"(?!\w)") for p in sorted(pieces))
    return frozenset(single), patterns


def _content_texts(language: str) -> list[str]:
    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(CONTENT[language])
    return texts


def english_on(page: Page, language: str) -> list[str]:
    single, patterns = english_markers(language)
    texts = page.evaluate(PAGE_TEXTS)
    found = {text for text in texts if text.strip(" :·,.") in single}
    joined = "\n".join(texts)
    found |= {pattern.pattern for pattern in patterns if pattern.search(joined)}
    return sorted(found)


def overflow_on(page: Page) -> str:
    result = page.evaluate(OVERFLOW)
    if result["scroll"] > result["width"]:
        return f"{result['scroll']} px wide in {result['width']} px: " + ", ".join(
            result["culprits"]
        )
    return ""


def axe_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:4])
        + (f" and {len(v['nodes']) - 4} more" if len(v["nodes"]) > 4 else "")
        for v in results.response["violations"]
    ]


def look_at(page: Page, screen, base_url: str) -> list[str]:
    """Everything wrong with one screen, as lines of a report."""
    response = page.goto(base_url + screen.path)
    if response is None or response.status != 200:
        return [f"answered {response.status if response else 'nothing'}"]
    if screen.live:
        expect(page.locator("body")).to_have_attribute("data-connection", "online")
    expect(page.locator("html")).to_have_attribute("lang", screen.language)
    problems = [f"English: {text!r}" for text in english_on(page, screen.language)]
    if wide := overflow_on(page):
        problems.append(f"overflow: {wide}")
    problems += [f"axe: {line}" for line in axe_violations(page)]
    return problems


@pytest.fixture(scope="module")
def showcase_server():
    with live_server() as server:
        server.showcase = build_showcase(server, LANGUAGES)
        yield server


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_speaks_the_language_fits_and_passes_axe(
    showcase_server, chromium_browser, language
):
    server = showcase_server
    report = []
    contexts = {}
    try:
        for screen in main_screens(server.showcase, language):
            key = (screen.device, screen.workshop_code)
            if key not in contexts:
                contexts[key] = new_context(chromium_browser, server.showcase, screen, server)
            page = contexts[key].new_page()
            try:
                report += [
                    f"{screen.name} ({screen.path}): {line}"
                    for line in look_at(page, screen, server.base_url)
                ]
            finally:
                page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not report, f"{len(report)} problems on the {language} screens:\n" + "\n".join(report)
