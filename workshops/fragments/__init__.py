"""Event fragments of the workshops app (registered on import)."""

from workshops.fragments import spaces, workshop  # noqa: F401
