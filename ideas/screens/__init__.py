"""Stage contexts of the ideas app's phases (registered on import)."""

from ideas.screens import clustering, ideas, refinement, voting  # noqa: F401
