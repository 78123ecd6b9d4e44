"""Websocket verbs of the workshops app (registered on import)."""

from workshops.verbs import spaces, workshop  # noqa: F401
