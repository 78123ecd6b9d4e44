"""Suggesting groups of ideas from the words they share. Pure Python: no database, no models
to download; good enough to give the facilitator a first sorting to accept or ignore.

Each idea becomes a weighted set of word stems (markup, links, stop words, filler words and
participants' names left out; stems per language; Danish and Swedish compounds also counted
by their parts). Two ideas are alike when they share rare words, and when their nearest
ideas are the same. Ideas are joined bottom-up, the most similar groups first (average
similarity), until no two groups are alike enough. A group is named after the one or two words
most of its ideas share, as participants wrote them. How well this agrees with themes people
chose, and how fast it is: docs/grouping.md.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ideas.grouping.stemming import split_compound, stem
from ideas.grouping.words import (
    FILLER_WORDS,
    FIRST_NAMES,
    SENTENCE_START,
    STOP_WORDS,
    WORD,
    detect_language,
    plain_text,
)

# A compound's parts count for less than the whole word: "frivilligfest" is about volunteers,
# but less surely so than "frivillige".
PART_WEIGHT = 0.6
# A word in more than this share of the ideas says little about any one group.
MAX_SHARE = 0.5
FEW_IDEAS = 10
# Groups keep joining while their ideas are, on average, at least this similar.
MIN_SIMILARITY = 0.2
MAX_GROUPS = 12
NEIGHBOURS = 12
NEIGHBOUR_WEIGHT = 1.0
KEPT_LINKS = 20
MIN_WORD = 3
NORDIC = ("da", "sv")
NORDIC_STOP_WORDS = STOP_WORDS["da"] | STOP_WORDS["sv"]


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


@dataclass
class _Idea:
    id: int
    features: dict[str, float] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)  # stems of whole words, for the name


class _Vocabulary:
    """How the run's ideas write each stem, and which stems may name a group."""

    def __init__(self) -> None:
        self.spellings: dict[str, Counter] = defaultdict(Counter)
        self.proper: Counter = Counter()  # written with a capital inside a sentence

    def add(self, stem_: str, written: str, proper: bool) -> None:
        self.spellings[stem_][written if _is_acronym(written) else written.lower()] += 1
        if proper:
            self.proper[stem_] += 1

    def may_name(self, stem_: str) -> bool:
        """Not a proper noun (a person's or place's name): most of its uses are lower case."""
        return self.proper[stem_] * 2 <= sum(self.spellings[stem_].values())

    def spelling(self, stem_: str) -> str:
        return min(self.spellings[stem_].items(), key=lambda item: (-item[1], item[0]))[0]


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 5 and word.isupper()


def _name_words(names: Iterable[str]) -> set[str]:
    """The words of participants' names; of a name that says more ("Lars, frivillig"), its
    capitalised words only, so that "frivillig" still counts in the ideas."""
    found = set()
    for name in names:
        words = [part for word in WORD.findall(name) for part in word.split("-")]
        capitalised = [word for word in words if word[:1].isupper()]
        found.update(word.lower() for word in capitalised or words)
    return found


def _words_of(text: str, run_language: str, excluded: set[str]):
    """(stem, as written, language, looks like a proper noun) for each significant word."""
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.6 * len(letters):  # SHOUTING: no acronyms
        text = text.lower()
    matches = list(WORD.finditer(text))
    # Read in the run's language unless the idea is clearly in another: one word read two
    # ways ("ensomme" as Danish and as English) would count as two words.
    language = detect_language([m.group(0).lower() for m in matches], run_language, weight=2)
    stop_words = STOP_WORDS[language]
    if language in NORDIC:  # Danish and Swedish mix; a short idea may be read as the other
        stop_words = NORDIC_STOP_WORDS
    after_first_name = False
    previous_end = 0
    for match in matches:
        start = match.start()
        # A surname follows its first name with nothing but a space between them.
        after_first_name = after_first_name and text[previous_end:start].isspace()
        previous_end = match.end()
        for part in match.group(0).replace("’", "'").split("-"):
            word, _apostrophe, rest = part.partition("'")
            if rest == "t":  # can't, don't: a verb's negation
                continue
            lowered = word.lower()
            capitalised = word[:1].isupper()
            if capitalised and (lowered in FIRST_NAMES or after_first_name):
                after_first_name = lowered in FIRST_NAMES
                continue
            after_first_name = False
            acronym = _is_acronym(word)  # "IT" is not "it"
            if acronym and lowered in FILLER_WORDS:
                continue
            if not acronym and (len(lowered) < MIN_WORD or lowered in stop_words):
                continue
            if lowered in FILLER_WORDS or lowered in excluded:
                continue
            stem_ = stem(lowered, language)
            if stem_ in excluded:  # "Mettes", a name in the genitive
                continue
            inside_sentence = not SENTENCE_START.search(text, 0, start)
            proper = inside_sentence and capitalised and word[1:].islower()
            yield stem_, word, language, proper
            start += len(part) + 1


def _features(ideas: list[IdeaText], hint: str | None, names: Iterable[str]):
    excluded = _name_words(names)
    excluded |= {stem(word, language) for word in excluded for language in STOP_WORDS}
    vocabulary = _Vocabulary()
    texts = [plain_text(idea.text) for idea in ideas]
    language = detect_language([w.lower() for t in texts for w in WORD.findall(t)], hint)
    found = []
    for text in texts:
        words = list(_words_of(text, language, excluded))
        found.append(words)
        for stem_, written, _language, proper in words:
            vocabulary.add(stem_, written, proper)
    known = set(vocabulary.spellings)
    parts_of: dict[tuple[str, str], list[str]] = {}
    prepared = []
    for idea, words in zip(ideas, found, strict=True):
        item = _Idea(idea.id)
        for stem_, written, language, _proper in words:
            item.features[stem_] = 1.0
            item.words.add(stem_)
            key = (written.lower(), language)
            if key not in parts_of:
                parts_of[key] = split_compound(key[0], language, known)
            for part in parts_of[key]:
                item.features[part] = max(item.features.get(part, 0.0), PART_WEIGHT)
        prepared.append(item)
    return prepared, vocabulary


def _vectors(ideas: list[_Idea]) -> list[dict[str, float]]:
    """Each idea's words weighted by how rare they are in the run (tf-idf), unit length. A word
    in one idea only joins nothing; a word in most ideas separates nothing: both left out."""
    count = len(ideas)
    frequency = Counter(word for idea in ideas for word in idea.features)
    # In a handful of ideas, a word they all share may well be their theme; rarity (the
    # logarithm) already weighs it down.
    ceiling = MAX_SHARE * count if count >= FEW_IDEAS else count
    vectors = []
    for idea in ideas:
        vector = {
            word: weight * math.log((count + 1) / frequency[word])
            for word, weight in idea.features.items()
            if 2 <= frequency[word] <= ceiling
        }
        norm = math.sqrt(sum(w * w for w in vector.values()))
        vectors.append({w: v / norm for w, v in vector.items()} if norm else {})
    return vectors


def _similarities(vectors: list[dict[str, float]]) -> list[dict[int, float]]:
    """Cosine similarity of every two ideas that share a word (the others' is 0): for each
    idea, the ideas it is like and how much."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, vector in enumerate(vectors):
        for word, weight in vector.items():
            postings[word].append((number, weight))
    similar: list[dict[int, float]] = [defaultdict(float) for _ in vectors]
    for posting in postings.values():
        for i, (a, weight_a) in enumerate(posting):
            row = similar[a]
            for b, weight_b in posting[i + 1 :]:
                row[b] += weight_a * weight_b
    for a, row in enumerate(similar):  # and the other way round
        for b, value in list(row.items()):
            if b > a:
                similar[b][a] = value
    if len(vectors) >= FEW_IDEAS:  # among a handful, everyone is everyone's neighbour
        _add_shared_neighbours(similar)
    return similar


def _nearest(row: dict[int, float], count: int) -> list[int]:
    return sorted(row, key=row.__getitem__, reverse=True)[:count]


def _add_shared_neighbours(similar: list[dict[int, float]]) -> None:
    """Two ideas whose nearest ideas are the same are alike even when they share no word
    ("sang på plejehjemmet" and "ensomme ældre", both near "ældre på plejehjemmet er
    ensomme"): add the cosine similarity of their lists of nearest ideas."""
    postings: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, row in enumerate(similar):
        neighbours = {b: row[b] for b in _nearest(row, NEIGHBOURS)}
        neighbours[a] = 1.0
        norm = math.sqrt(sum(v * v for v in neighbours.values()))
        for b, value in neighbours.items():
            postings[b].append((a, value / norm))
    for posting in postings.values():
        for i, (a, weight_a) in enumerate(posting):
            for b, weight_b in posting[i + 1 :]:
                shared = NEIGHBOUR_WEIGHT * weight_a * weight_b
                similar[a][b] += shared
                similar[b][a] += shared


def _join(similar: list[dict[int, float]]) -> list[list[int]]:
    """Average-linkage clustering: join the two groups whose ideas are most similar on
    average, until no two are at least MIN_SIMILARITY alike."""
    count = len(similar)
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    # Only each idea's nearest ideas count: the rest would hardly move an average, and
    # hundreds of ideas that share a common word would cost the square of their number.
    kept = [set(_nearest(row, KEPT_LINKS)) for row in similar]
    # Sum of the similarities between two groups' ideas.
    links: dict[int, dict[int, float]] = {
        a: {b: value for b, value in row.items() if b in kept[a] or a in kept[b]}
        for a, row in enumerate(similar)
    }
    # A group that joins another gets a new id, so an entry whose two ids both still exist
    # is current.
    heap = [(-value, a, b) for a, row in links.items() for b, value in row.items() if a < b]
    heapq.heapify(heap)
    next_id = count
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one of them has joined another group since
        if -negative < MIN_SIMILARITY:
            break
        joined = next_id
        next_id += 1
        members[joined] = members.pop(a) + members.pop(b)
        row_a, row_b = links.pop(a), links.pop(b)
        row = {}
        for other in (row_a.keys() | row_b.keys()) - {a, b}:
            total = row_a.get(other, 0.0) + row_b.get(other, 0.0)
            row[other] = total
            links[other].pop(a, None)
            links[other].pop(b, None)
            links[other][joined] = total
            average = total / (len(members[joined]) * len(members[other]))
            heapq.heappush(heap, (-average, other, joined))
        links[joined] = row
    return [sorted(group) for group in members.values()]


def _name(group: list[_Idea], frequency: Counter, vocabulary: _Vocabulary) -> list[str]:
    """The stem most of the group's ideas share and few other ideas use, and a second one
    when more than half of the group shares that too. Names, markup and filler never got
    this far; proper nouns nobody registered are passed over here."""
    inside = Counter(word for idea in group for word in idea.words if vocabulary.may_name(word))

    def fit(word: str) -> float:  # share of the group that has it × share of its uses here
        return (inside[word] / len(group)) * (inside[word] / frequency[word])

    ranked = sorted(inside, key=lambda word: (-fit(word), vocabulary.spelling(word)))
    words = ranked[:1]
    if len(ranked) > 1 and inside[ranked[1]] * 2 > len(group) and inside[ranked[1]] >= 2:
        words.append(ranked[1])
    return words


def suggest_groups(
    ideas: Iterable[IdeaText],
    *,
    language: str | None = None,
    names: Iterable[str] = (),
    min_size: int = 2,
) -> list[Group]:
    """Group ideas by the words they share; the biggest groups first, at most MAX_GROUPS.

    `language` is the workshop's ("da", "sv", "en"): each idea is read in the language whose
    small words it uses, this one on a tie. `names` are the participants': never a group's
    name, nor a reason to group ideas. Ideas that are like no other stay out of every group.
    """
    ideas = list(ideas)
    prepared, vocabulary = _features(ideas, language, names)
    vectors = _vectors(prepared)
    clusters = [c for c in _join(_similarities(vectors)) if len(c) >= min_size]
    clusters.sort(key=lambda c: (-len(c), c[0]))
    frequency = Counter(word for idea in prepared for word in idea.words)
    groups = []
    for cluster in clusters[:MAX_GROUPS]:
        members = [prepared[i] for i in cluster]
        words = _name(members, frequency, vocabulary)
        if not words:
            continue
        name = " · ".join(vocabulary.spelling(word) for word in words)
        groups.append(Group(name[:1].upper() + name[1:], [m.id for m in members], words))
    return groups
