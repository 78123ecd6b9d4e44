"""The catalogue as JSON, following the versioned schema in docs/catalogue-schema.json."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

from ideas.catalogue import Catalogue


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def as_data(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as plain JSON-ready data (dates as ISO strings)."""
    data = _plain(dataclasses.asdict(catalogue))
    if data["cover"] is not None:
        data["cover"]["has_logo"] = data["cover"].pop("logo") is not None  # no image in JSON
    for entry, initiative in zip(data["initiatives"], catalogue.initiatives, strict=True):
        entry["timeline"] = initiative.timeline
    return data


def render(catalogue: Catalogue) -> bytes:
    return (json.dumps(as_data(catalogue), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
