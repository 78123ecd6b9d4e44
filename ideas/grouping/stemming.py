"""Word stems for Danish, Swedish and English, and compound words split into their parts.

The Danish and Swedish stemmers follow the Snowball algorithms, with two rules of ours; the
English one is lighter than Porter's: plurals, -ing, -ed and -ness, enough to join "volunteers",
"volunteering" and "volunteered". A stem is only a key: "frivillige" → "frivil".
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = {"da": set("aeiouyæåø"), "sv": set("aeiouyäåö"), "en": set("aeiouy")}


def _r1(word: str, vowels: set[str]) -> int:
    """Where region R1 starts: after the first non-vowel that follows a vowel, at least 3."""
    for i in range(1, len(word)):
        if word[i] not in vowels and word[i - 1] in vowels:
            return max(3, i + 1)
    return len(word)


def _longest_suffix(word: str, start: int, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:  # longest first
        if word.endswith(suffix) and len(word) - len(suffix) >= start:
            return suffix
    return ""


def _by_length(words: str) -> tuple[str, ...]:
    return tuple(sorted(words.split(), key=len, reverse=True))


DANISH_ENDINGS = _by_length(
    "hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer heds es endes "
    "erendes enes ernes eres ens hedens erens ers ets erets et eret"
)
DANISH_S_ENDING = set("abcdfghjklmnoprtvyzå")
DANISH_CONSONANTS = set("bcdfghjklmnpqrstvwxz")


def _danish(word: str) -> str:
    r1 = _r1(word, VOWELS["da"])
    suffix = _longest_suffix(word, r1, DANISH_ENDINGS)
    if suffix:
        word = word[: -len(suffix)]
    elif word.endswith("s") and len(word) - 1 >= r1 and word[-2:-1] in DANISH_S_ENDING:
        word = word[:-1]

    def undouble_pair(word: str) -> str:
        if len(word) - 2 >= r1 and word[-2:] in ("gd", "dt", "gt", "kt"):
            return word[:-1]
        return word

    word = undouble_pair(word)
    if word.endswith("igst"):
        word = word[:-2]
    suffix = _longest_suffix(word, r1, ("elig", "løst", "lig", "els", "ig"))
    if suffix == "løst":
        word = word[:-1]
    elif suffix:
        word = undouble_pair(word[: -len(suffix)])
    if len(word) - 2 >= r1 and word[-1] in DANISH_CONSONANTS and word[-1] == word[-2]:
        word = word[:-1]
    return _unstressed_e(word)


def _unstressed_e(word: str) -> str:
    """Ours, not Snowball's: "cykel" as its plural "cykler" ("cykl"), Swedish too."""
    if len(word) > 4 and word.endswith("el") and word[-3] in DANISH_CONSONANTS:
        return word[:-2] + "l"
    return word


SWEDISH_ENDINGS = _by_length(
    "a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er heter "
    "or as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast"
)
SWEDISH_S_ENDING = set("bcdfghjklmnoprtvy")


def _swedish(word: str) -> str:
    r1 = _r1(word, VOWELS["sv"])
    suffix = _longest_suffix(word, r1, SWEDISH_ENDINGS)
    if suffix:
        word = word[: -len(suffix)]
    elif word.endswith("s") and len(word) - 1 >= r1 and word[-2:-1] in SWEDISH_S_ENDING:
        word = word[:-1]
    if len(word) - 2 >= r1 and word[-2:] in ("dd", "gd", "nn", "dt", "gt", "kt", "tt"):
        word = word[:-1]
    suffix = _longest_suffix(word, r1, ("fullt", "löst", "lig", "els", "ig"))
    if suffix in ("fullt", "löst"):
        word = word[:-1]
    elif suffix:
        word = word[: -len(suffix)]
    # Ours, not Snowball's: "ensamma" as "ensamhet" ("ensam").
    if len(word) > 4 and word[-1] == word[-2] and word[-1] in DANISH_CONSONANTS:
        word = word[:-1]
    return _unstressed_e(word)


def _english(word: str) -> str:
    word = word.replace("’", "'")
    if word.endswith("'s") or word.endswith("s'"):
        word = word[:-2] if word.endswith("'s") else word[:-1]
    word = word.replace("'", "")
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "xes", "uses")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and any(c in VOWELS["en"] for c in stem):
            word = stem
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("iness"):
        word = word[:-5] + "y"
    elif word.endswith("ness") and len(word) > 6:
        word = word[:-4]
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


STEMMERS = {"da": _danish, "sv": _swedish, "en": _english}


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    """The stem of a lower-case word in `language` ("da", "sv" or "en")."""
    return STEMMERS[language](word)


# Letters that join the parts of a Danish or Swedish compound ("besøg-s-ven", "skol-a").
LINKS = {"da": ("", "s", "e"), "sv": ("", "s", "a", "u", "e"), "en": ("",)}
MIN_PART = 3


def split_compound(word: str, language: str, known: set[str]) -> list[str]:
    """The stems of the two parts of a compound whose both parts are `known` stems
    ("frivilligportal" → ["frivil", "portal"] when both words occur), else []. Of several
    splits, the one with the longest known head (the last part) wins."""
    if language == "en" or len(word) < 2 * MIN_PART + 1:
        return []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = stem(word[cut:], language)
        if head not in known:
            continue
        left = word[:cut]
        for link in LINKS[language]:
            if link and not left.endswith(link):
                continue
            modifier = left[: len(left) - len(link)]
            if len(modifier) < MIN_PART:
                continue
            for candidate in (modifier, stem(modifier, language)):
                if candidate in known:
                    return [candidate, head]
    return []
