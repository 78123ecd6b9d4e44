"""Event fragments of the workshops app (registered on import)."""

from workshops.fragments import moderation, spaces, workshop  # noqa: F401
