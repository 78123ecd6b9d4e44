"""Print how far "Suggest groups" agrees with the fixture's themes, per language."""

import time

from ideas.grouping import IdeaText, suggest_groups
from tests.ideas.grouping_fixture import LANGUAGES, adjusted_rand_index, load, partition


def main() -> None:
    for language in LANGUAGES:
        fixture = load(language)
        ideas = [IdeaText(number, text) for number, text in enumerate(fixture.texts)]
        started = time.perf_counter()
        groups = suggest_groups(ideas, language=language, names=fixture.participants)
        elapsed = time.perf_counter() - started
        group_of = {i: n for n, group in enumerate(groups) for i in group.idea_ids}
        found = partition(group_of, len(ideas))
        ari = adjusted_rand_index(fixture.themes, found)
        print(
            f"{language}: ARI {ari:.3f}, {len(groups)} groups, "
            f"{len(group_of)}/{len(ideas)} ideas grouped, {elapsed * 1000:.1f} ms"
        )
        for group in groups:
            themes = sorted({fixture.themes[i] for i in group.idea_ids})
            print(f"   {group.name!r:40} {len(group.idea_ids):3}  {', '.join(themes)}")


if __name__ == "__main__":
    main()
