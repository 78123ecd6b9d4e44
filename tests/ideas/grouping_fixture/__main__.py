"""Print how far "Suggest groups" agrees with the fixture's themes, per language, and each
suggested group's name, size and the themes its ideas come from."""

import time

from ideas.grouping import IdeaText, suggest_groups
from tests.ideas.grouping_fixture import (
    LANGUAGES,
    Fixture,
    adjusted_rand_index,
    load,
    partition,
)


def report(fixture: Fixture) -> None:
    ideas = [IdeaText(number, text) for number, text in enumerate(fixture.texts)]
    started = time.perf_counter()
    groups = suggest_groups(ideas, language=fixture.language, names=fixture.participants)
    elapsed = time.perf_counter() - started
    group_of = {i: n for n, group in enumerate(groups) for i in group.idea_ids}
    ari = adjusted_rand_index(fixture.themes, partition(group_of, len(ideas)))
    print(
        f"{fixture.language}: ARI {ari:.3f}, {len(groups)} groups, "
        f"{len(group_of)}/{len(ideas)} ideas grouped, {elapsed * 1000:.1f} ms"
    )
    for group in groups:
        themes = sorted({fixture.themes[i] for i in group.idea_ids})
        print(f"   {group.name!r:40} {len(group.idea_ids):3}  {', '.join(themes)}")


def main() -> None:
    for held_out in (False, True):
        print("held out:" if held_out else "fixture:")
        for language in LANGUAGES:
            report(load(language, held_out=held_out))


if __name__ == "__main__":
    main()
