"""Websocket verbs of the ideas app, one module per domain noun (registered on import)."""

from ideas.verbs import ideas, refinement, themes, voting  # noqa: F401
