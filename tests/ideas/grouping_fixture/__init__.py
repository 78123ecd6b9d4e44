"""A labelled fixture for "Suggest groups": ideas a Danish, a Swedish and an English workshop
would produce, each under the theme a facilitator would put it in, and the adjusted Rand index
that says how far a grouping agrees with those themes.

`python -m tests.ideas.grouping_fixture` prints the agreement per language (docs/grouping.md),
for the fixture and for a second set held out from choosing the grouping's settings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import comb
from pathlib import Path

HERE = Path(__file__).parent
LANGUAGES = ("da", "sv", "en")


@dataclass
class Fixture:
    language: str
    texts: list[str]
    themes: list[str]  # the theme of each text, by position
    participants: list[str]


def load(language: str, *, held_out: bool = False) -> Fixture:
    """The fixture's ideas in `language`; `held_out`: the second, smaller set written after
    the grouping's settings were chosen, to see whether they hold beyond the first."""
    fixture = Fixture(language, [], [], [])
    theme = None
    name = f"{language}-held-out.txt" if held_out else f"{language}.txt"
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# participants:"):
            fixture.participants = [n.strip() for n in line.split(":", 1)[1].split(",")]
        elif not line or line.startswith("#"):
            continue
        elif line.startswith("[") and line.endswith("]"):
            theme = line[1:-1]
        else:
            fixture.texts.append(line)
            fixture.themes.append(theme)
    return fixture


def adjusted_rand_index(truth: list, found: list) -> float:
    """Agreement of two partitions of the same items, corrected for chance: 1 is identical,
    about 0 is what random groups of the same sizes score (Hubert and Arabie, 1985)."""
    assert len(truth) == len(found)
    pairs = Counter(zip(truth, found, strict=True))
    together = sum(comb(n, 2) for n in pairs.values())
    truth_pairs = sum(comb(n, 2) for n in Counter(truth).values())
    found_pairs = sum(comb(n, 2) for n in Counter(found).values())
    expected = truth_pairs * found_pairs / comb(len(truth), 2)
    best = (truth_pairs + found_pairs) / 2
    if best == expected:
        return 1.0
    return (together - expected) / (best - expected)


def partition(group_of: dict[int, int], count: int) -> list:
    """Each item's group; an item left unsorted is a group of its own."""
    return [group_of.get(item, f"alone-{item}") for item in range(count)]
