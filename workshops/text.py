"""What a typed text may contain: one cleaning for every path that stores user text.

Forms, websocket verbs and the plain-POST fallback all end in the actions, and every action
that stores text passes it through `clean_text` (several lines: ideas, cards, reports,
comments) or `clean_line` (one line: names, titles, topics, labels) first; forms clean with the
same functions (`workshops.forms.CleanTextField`, `CleanLineField`), and so does
`realtime.verbs.text_field` for every websocket field. Joining is cleaned by `JoinForm`. Cleaning

- drops NUL and the other C0 and C1 control characters except newline and tab (PostgreSQL
  refuses NUL outright; the rest are invisible, or break exports and terminals), lone
  surrogates (which no database can encode) and the non-characters U+FFFE, U+FFFF and
  U+FDD0–U+FDEF; a carriage return becomes a newline;
- neutralises the explicit bidirectional controls (embeddings, overrides, isolates): a line
  loses them all, so a name cannot turn the text around it backwards; a longer text keeps the
  balanced ones and has every unclosed one closed at its end, so it cannot reach past itself;
- trims the ends, and turns a text that is empty once whitespace and invisible characters
  (zero-width spaces and joiners, BOMs, fillers) are removed into "", which the actions'
  existing "write something" checks then refuse with their own translated messages.

Cleaning is idempotent; check length limits after it (it drops characters, and may add the
closers of unclosed directional controls).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab (09) and newline (0A), DEL, C1 controls, lone surrogates, and the
# non-characters a text never needs.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
_SPACES = re.compile(r"\s+")

# Explicit directional formatting: embeddings and overrides end with PDF, isolates with PDI.
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
PDF, PDI = "\u202c", "\u2069"
BIDI_CONTROLS = _EMBEDDINGS | _ISOLATES | {PDF, PDI}

# Characters that show nothing although they are not whitespace. Format characters (category
# Cf: zero-width spaces and joiners, BOM, soft hyphen, directional marks, emoji tags) show
# nothing by themselves, except the few that print a sign before a number.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
# Trimmed from the ends: they mean nothing there. Variation selectors and emoji tags are not
# (they belong to the emoji before them), nor directional marks.
_ZERO_WIDTH = frozenset(
    "\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u2060\u2800\u3164\ufeff\uffa0"
)
# Not format characters, yet they show nothing on their own: fillers, the braille blank, the
# combining grapheme joiner, Khmer inherent vowels, and variation selectors.
_INVISIBLE = _ZERO_WIDTH | frozenset(
    "\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
    + "".join(chr(code) for code in range(0xE0100, 0xE01F0))
)


def _shows_nothing(character: str) -> bool:
    if character.isspace() or character in _INVISIBLE:
        return True
    category = unicodedata.category(character)
    return category == "Cc" or (category == "Cf" and character not in _VISIBLE_FORMAT)


def is_blank(value: str | None) -> bool:
    """True if `value` has nothing visible: only whitespace and invisible characters."""
    return all(_shows_nothing(character) for character in value or "")


def _trim(value: str) -> str:
    """`value` without whitespace and zero-width characters at either end."""
    start, end = 0, len(value)
    while start < end and (value[start].isspace() or value[start] in _ZERO_WIDTH):
        start += 1
    while end > start and (value[end - 1].isspace() or value[end - 1] in _ZERO_WIDTH):
        end -= 1
    return value[start:end]


def _balance_bidi(value: str) -> str:
    """Drop closers that close nothing and close what is left open at the end."""
    kept: list[str] = []
    open_: list[str] = []
    for character in value:
        if character in _EMBEDDINGS or character in _ISOLATES:
            open_.append(character)
        elif character == PDF:
            if not open_ or open_[-1] not in _EMBEDDINGS:
                continue  # closes nothing (or would reach into an isolate): dropped
            open_.pop()
        elif character == PDI:
            if not any(opener in _ISOLATES for opener in open_):
                continue
            # A PDI also ends the embeddings opened inside its isolate (as the UBA does).
            while open_.pop() not in _ISOLATES:
                pass
        kept.append(character)
    kept.extend(PDI if opener in _ISOLATES else PDF for opener in reversed(open_))
    return "".join(kept)


def clean_text(value: str | None) -> str:
    """A text of one or more lines (an idea, a card, a report, a comment), cleaned."""
    value = _CONTROLS.sub("", _NEWLINES.sub("\n", value or ""))
    value = _trim(value)
    if is_blank(value):
        return ""
    return _balance_bidi(value)


def clean_line(value: str | None) -> str:
    """A one-line text (a name, a title, a topic, a label), cleaned: line breaks and runs of
    whitespace become one space and every directional control goes."""
    value = _CONTROLS.sub("", _NEWLINES.sub("\n", value or ""))
    value = "".join(character for character in value if character not in BIDI_CONTROLS)
    value = _trim(_SPACES.sub(" ", value))
    return "" if is_blank(value) else value
