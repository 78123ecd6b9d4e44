"""A workshop as one JSON-ready document: every row that belongs to it, field by field."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from workshops.models import Organisation, StrategicGoal, Workshop
from workshops.transfer import schema


def plain(field: models.Field, value: Any) -> Any:
    """A field's value as JSON can hold it, without losing precision (datetimes keep their
    microseconds, which Django's JSON encoder would drop)."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _reference(field: models.Field, target: models.Model | None) -> Any:
    """What travels for one relation: an own row's old id, or the name of a shared thing."""
    if target is None:
        return None
    kind = schema.relation_kind(field)
    if kind == schema.OWN:
        return target.pk
    if kind == schema.WORKSHOP:
        return target.pk  # the import knows the exported workshop's id
    if kind == schema.USER:
        return target.get_username()
    if kind == schema.ORGANISATION:
        return target.name
    return target.number  # a strategic goal


def dump_row(row: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in schema.row_fields(type(row)):
        if field.is_relation:
            target_id = getattr(row, field.attname)
            target = getattr(row, field.name) if target_id is not None else None
            data[field.name] = _reference(field, target)
        else:
            data[field.name] = plain(field, field.value_from_object(row))
    for field in schema.many_fields(type(row)):
        data[field.name] = sorted(
            (_reference(field, target) for target in getattr(row, field.name).all()),
            key=str,
        )
    return data


def _rows(workshop: Workshop, table: schema.Table) -> list[dict[str, Any]]:
    rows = table.model.objects.filter(**{table.workshop_lookup: workshop}).order_by("pk")
    return [{"id": row.pk, **dump_row(row)} for row in rows]


def _named(tables: dict[str, list[dict[str, Any]]], kind: str) -> set[Any]:
    """Every name of a shared thing of `kind` (organisations, goals) the dumped rows use."""
    names: set[Any] = set()
    for table in schema.TABLES:
        fields = [*schema.row_fields(table.model), *schema.many_fields(table.model)]
        for field in fields:
            if not field.is_relation or schema.relation_kind(field) != kind:
                continue
            for row in tables[table.label]:
                value = row.get(field.name)
                names.update(value if isinstance(value, list) else [value])
    return names - {None}


def dump_workshop(workshop: Workshop) -> dict[str, Any]:
    """Everything that belongs to `workshop`, for `load.load_workshop` on any installation."""
    tables = {table.label: _rows(workshop, table) for table in schema.TABLES}
    organisations = Organisation.objects.filter(
        models.Q(name__in=_named(tables, schema.ORGANISATION)) | models.Q(proposed_in=workshop)
    ).select_related("proposed_in")
    goals = StrategicGoal.objects.filter(number__in=_named(tables, schema.GOAL))
    return {
        "format": schema.FORMAT,
        "version": schema.VERSION,
        "exported_at": timezone.now().isoformat(),
        "workshop": {"id": workshop.pk, **dump_row(workshop)},
        "organisations": [
            dump_row(organisation) for organisation in organisations.order_by("name")
        ],
        "strategic_goals": [dump_row(goal) for goal in goals.order_by("number")],
        "tables": tables,
    }
