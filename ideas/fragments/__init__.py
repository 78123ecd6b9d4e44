"""Event fragments of the ideas app, one module per domain noun (registered on import)."""

from ideas.fragments import ideas, refinement, themes, voting  # noqa: F401
