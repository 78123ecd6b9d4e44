"""Suggesting groups of ideas from the words they share. Pure Python: no database, no models
to download; good enough to give the facilitator a first sorting to accept or ignore.

Ideas are tokenised, Danish, Swedish and English stop words are removed, words are lightly
normalised (lower case, common plural and definite endings cut), and ideas are grouped by the
significant words they share, the most widely shared word first.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no topic. Written for this module; short and common words only.
DANISH_STOP_WORDS = _words("""
ad af alle alt altid andre at bare blev blive bliver da de dem den denne dens der deres det
dette dig din dine disse dit du efter eller en end er et for fordi fra få får gerne god godt
gør gøre han hans har have hele hen hende her hos hun hvad hvem hver hvilke hvis hvor hvordan
hvorfor i ikke ind ingen intet jeg jer jo kan kom kommer kunne lidt lige man mange med meget
men mere mig min mine mit mod må måske ned noget nogle nok nu når og også om op os over på
sig sin sine sit skal skulle som store så sådan til ud under var vi vil ville vores være været
""")

SWEDISH_STOP_WORDS = _words("""
alla allt andra att av bara bättre fler flera för
blev bli blir de dem den denna deras dess det detta dig din dina
ditt du efter eftersom eller en ett fast finns från få får gärna göra gör han hans har hela
hon hur här i icke ingen inget inom inte jag ju kan kanske kommer kunna man med mer mig min
mina mitt mot mycket ni nog någon något några när och också om oss på sedan sig sin sina sitt
ska skulle som så sådan till under upp ut utan vad var vara varför vem vi vid vill våra vår
är åt över
""")

ENGLISH_STOP_WORDS = _words("""
a about all also an and any are as at be been being but by can could do does for from get
give go good had has have he her here his how i if in into is it its just let like make many
me might more most much my need new no not of on one or other our out over people really
should so some such than that the their them then there these they this those through to too
up us very want was way we were what when where which who why will with would you your
""")

STOP_WORDS = DANISH_STOP_WORDS | SWEDISH_STOP_WORDS | ENGLISH_STOP_WORDS

# Plural and definite endings, longest first. A word keeps at least MIN_STEM letters.
ENDINGS = (
    "ernes",
    "erne",
    "erna",
    "arna",
    "orna",
    "ene",
    "ies",
    "ers",
    "ens",
    "ets",
    "er",
    "ar",
    "or",
    "en",
    "et",
    "na",
    "ne",
    "es",
    "e",
    "s",
)
MIN_STEM = 3
MIN_WORD = 3
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# A word in more than this share of the ideas says little about any one group.
MAX_SHARE = 0.6
MAX_GROUPS = 12


@dataclass
class IdeaText:
    """What grouping needs of an idea: its id and its words."""

    id: int
    text: str


@dataclass
class Group:
    """A suggested theme: a name and the ideas that share its words."""

    name: str
    idea_ids: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def normalise(word: str) -> str:
    """Lower case, with one common plural or definite ending cut ("ældres" → "ældr",
    "bilerna" → "bil", "neighbours" → "neighbour")."""
    word = word.lower().replace("’", "'")
    word = word.split("'")[0]
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stem = word[: -len(ending)]
            if ending == "ies":
                stem += "y"
            return stem
    return word


def tokens(text: str) -> list[tuple[str, str]]:
    """(normalised, as written) for each significant word of `text`."""
    found = []
    for match in WORD.finditer(text):
        written = match.group(0)
        lowered = written.lower()
        if len(lowered) < MIN_WORD or lowered in STOP_WORDS:
            continue
        stem = normalise(lowered)
        if stem in STOP_WORDS:
            continue
        found.append((stem, lowered))
    return found


def suggest_groups(ideas: Iterable[IdeaText], *, min_size: int = 2) -> list[Group]:
    """Group ideas by the significant words they share.

    Greedy and predictable: the word shared by most ideas (not by nearly all of them) makes
    the first group of the ideas that contain it; those ideas are then taken, and the next
    word groups the rest. A group is named after its word as most often written, with a
    second word when most of the group shares that one too.
    """
    ideas = list(ideas)
    words_of: dict[int, set[str]] = {}
    spellings: dict[str, Counter] = defaultdict(Counter)
    for idea in ideas:
        found = tokens(idea.text)
        words_of[idea.id] = {stem for stem, _written in found}
        for stem, written in found:
            spellings[stem][written] += 1
    document_frequency = Counter(word for words in words_of.values() for word in words)
    ceiling = max(min_size, int(MAX_SHARE * len(ideas)))
    candidates = sorted(w for w, n in document_frequency.items() if min_size <= n <= ceiling)
    candidate_set = set(candidates)
    taken: set[int] = set()
    groups: list[Group] = []
    while len(groups) < MAX_GROUPS:
        best = None
        for word in candidates:
            members = [i.id for i in ideas if i.id not in taken and word in words_of[i.id]]
            if len(members) < min_size:
                continue
            shared = Counter(
                other for m in members for other in words_of[m] & candidate_set if other != word
            )
            # Most ideas first; among equals, the group whose ideas share the most other words.
            cohesion = sum(count - 1 for count in shared.values() if count > 1)
            score = (len(members), cohesion)
            if best is None or score > best[0]:
                best = (score, word, members, shared)
        if best is None:
            break
        _score, word, members, shared = best
        group = Group(name="", idea_ids=members, words=[word])
        if shared:
            second, count = min(shared.items(), key=lambda item: (-item[1], item[0]))
            if count >= min_size and count * 2 > len(members):
                group.words.append(second)
        group.name = " · ".join(_spelling(spellings[w]) for w in group.words).capitalize()
        groups.append(group)
        taken.update(members)
    return groups


def _spelling(spellings: Counter) -> str:
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
