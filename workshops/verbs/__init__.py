"""Websocket verbs of the workshops app (registered on import)."""

from workshops.verbs import moderation, spaces, workshop  # noqa: F401
