"""A workshop document (`dump.dump_workshop`) read back into new rows, in one transaction.

Every row gets a new primary key and its references are rewritten to the new keys; times,
sequence numbers and the event log are kept as they were. Shared things are found by name:
users by username (a user this installation lacks is left out, and reported), organisations
by name and strategic goals by number (created when missing). The join code stays unless an
open workshop here already uses it; then the workshop gets a new one (`Loaded.code_changed`).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction

from workshops.codes import new_join_code
from workshops.models import Organisation, Participant, StrategicGoal, Workshop
from workshops.transfer import schema
from workshops.transfer.payloads import IDEA, THEME, remap_payload


@dataclass
class Loaded:
    workshop: Workshop
    code_changed: bool = False
    old_code: str = ""
    missing_users: set[str] = dataclass_field(default_factory=set)
    # label -> {old id: new id}
    ids: dict[str, dict[int, int]] = dataclass_field(default_factory=lambda: defaultdict(dict))


def _value(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


class _Loader:
    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.users = {}
        self.organisations: dict[str, Organisation] = {}
        self.goals: dict[int, StrategicGoal] = {}
        self.missing_users: set[str] = set()
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.old_workshop_id = document["workshop"].get("id")
        self.workshop: Workshop | None = None

    # -- shared things, by name -------------------------------------------------------------

    def user(self, username: str | None):
        if username is None:
            return None
        if username not in self.users:
            model = get_user_model()
            found = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
            if found is None:
                self.missing_users.add(username)
            self.users[username] = found
        return self.users[username]

    def organisation(self, name: str | None) -> Organisation | None:
        if name is None:
            return None
        if name not in self.organisations:
            self.organisations[name] = Organisation.objects.filter(name=name).first()
        return self.organisations[name]

    def goal(self, number: int | None) -> StrategicGoal | None:
        if number is None:
            return None
        if number not in self.goals:
            self.goals[number] = StrategicGoal.objects.filter(number=number).first()
        return self.goals[number]

    def reference(self, field: models.Field, value: Any) -> tuple[Any, bool]:
        """The object a reference names here, and whether it must wait for a second pass
        (a row of this workshop not created yet)."""
        if value is None:
            return None, False
        kind = schema.relation_kind(field)
        if kind == schema.OWN:
            label = field.related_model._meta.label_lower
            new = self.ids[label].get(value)
            return (field.related_model(pk=new), False) if new else (None, True)
        if kind == schema.WORKSHOP:
            return (self.workshop if value == self.old_workshop_id else None), False
        if kind == schema.USER:
            return self.user(value), False
        if kind == schema.ORGANISATION:
            return self.organisation(value), False
        return self.goal(value), False

    # -- rows ---------------------------------------------------------------------------------

    def build(self, model: type[models.Model], data: dict[str, Any], deferred: list) -> Any:
        row = model()
        for field in schema.row_fields(model):
            if field.name not in data:
                continue  # an older export: the field's default
            value = data[field.name]
            if field.is_relation:
                target, later = self.reference(field, value)
                if later:
                    deferred.append((row, field, value))
                setattr(row, field.name, target)
            else:
                setattr(row, field.attname, _value(field, value))
        return row

    def keep_times(self, model, rows: list, datas: list[dict[str, Any]]) -> None:
        """auto_now(_add) fields are set to "now" by the insert; put the exported times back."""
        stamped = [
            f
            for f in schema.row_fields(model)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        for row, data in zip(rows, datas, strict=True):
            for field in stamped:
                if field.name in data:
                    setattr(row, field.attname, _value(field, data[field.name]))
        if stamped and rows:
            model.objects.bulk_update(rows, [f.name for f in stamped], batch_size=500)

    def add_many(self, model, rows: list, datas: list[dict[str, Any]]) -> None:
        for field in schema.many_fields(model):
            through = getattr(model, field.name).through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            links = []
            for row, data in zip(rows, datas, strict=True):
                for value in data.get(field.name, []):
                    other, _later = self.reference(field, value)
                    if other is not None:
                        links.append(through(**{f"{source}_id": row.pk, f"{target}_id": other.pk}))
            through.objects.bulk_create(links, batch_size=500)

    # -- the whole ----------------------------------------------------------------------------

    def load(self) -> Loaded:
        document = self.document
        self.load_shared()
        workshop_data = dict(document["workshop"])
        workshop_data.pop("id", None)
        workshop = self.build(Workshop, workshop_data, [])
        old_code = workshop.join_code
        taken = Workshop.objects.filter(join_code=old_code, closed_at__isnull=True).exists()
        if workshop.closed_at is None and taken:
            workshop.join_code = self.free_code()
        workshop.save()
        self.keep_times(Workshop, [workshop], [workshop_data])
        self.workshop = workshop
        self.add_many(Workshop, [workshop], [workshop_data])
        # Organisations proposed in the exported workshop now belong to this one.
        proposed_here = [
            o["name"]
            for o in document.get("organisations", [])
            if o.get("proposed_in") == self.old_workshop_id
        ]
        Organisation.objects.filter(
            name__in=proposed_here,
            approved=False,
            proposed_in__isnull=True,
        ).update(proposed_in=workshop)

        deferred: list[tuple[models.Model, models.Field, Any]] = []
        rounds = {}
        for table in schema.TABLES:
            datas = document["tables"].get(table.label, [])
            rows = []
            for data in datas:
                fields = {k: v for k, v in data.items() if k != "id"}
                if table.model is schema.WorkshopEvent:
                    fields["payload"] = self.event_payload(fields.get("payload") or {}, rounds)
                rows.append(self.build(table.model, fields, deferred))
            self.fresh_uniques(table.model, rows)
            table.model.objects.bulk_create(rows, batch_size=500)
            for data, row in zip(datas, rows, strict=True):
                self.ids[table.label][data["id"]] = row.pk
            self.keep_times(table.model, rows, datas)
            self.add_many(table.model, rows, datas)
            if table.model._meta.label_lower == "ideas.votinground":
                rounds = {data["id"]: data["target"] for data in datas}
        self.finish(deferred)
        return Loaded(
            workshop=workshop,
            code_changed=workshop.join_code != old_code,
            old_code=old_code,
            missing_users=self.missing_users,
            ids=self.ids,
        )

    def load_shared(self) -> None:
        for data in self.document.get("organisations", []):
            if Organisation.objects.filter(name=data["name"]).exists():
                continue
            fields = {k: v for k, v in data.items() if k != "proposed_in"}
            self.build(Organisation, fields, []).save()
        for data in self.document.get("strategic_goals", []):
            if not StrategicGoal.objects.filter(number=data["number"]).exists():
                self.build(StrategicGoal, data, []).save()

    def free_code(self) -> str:
        while True:
            code = new_join_code()
            if not Workshop.objects.filter(join_code=code, closed_at__isnull=True).exists():
                return code

    def fresh_uniques(self, model: type[models.Model], rows: list) -> None:
        """Values that must be unique on the installation (a participant's token, a personal
        link, an invitation's address) get new ones where already in use here (a workshop
        imported twice): those links stop working and the phone must join again."""
        for participant in rows if model is Participant else ():
            participant.connections = 0  # nobody is connected to this installation yet
        for field in schema.row_fields(model):
            if not field.unique or field.is_relation:
                continue
            values = [getattr(row, field.attname) for row in rows]
            taken = set(
                model.objects.filter(**{f"{field.name}__in": values}).values_list(
                    field.name, flat=True
                )
            )
            for row in rows:
                if getattr(row, field.attname) in taken:
                    setattr(row, field.attname, self.fresh_value(model, field))

    @staticmethod
    def fresh_value(model: type[models.Model], field: models.Field) -> Any:
        if model is Participant and field.name == "token_hash":
            return Participant.hash_token(secrets.token_urlsafe(32))
        if callable(field.default):
            return field.default()
        raise schema.TransferError(
            f"{model._meta.label}.{field.name} is already in use here and has no fresh value."
        )

    def event_payload(self, payload: dict[str, Any], rounds: dict[int, str]) -> dict[str, Any]:
        target = rounds.get(payload.get("round_id"))
        item_table = {"ideas": IDEA, "themes": THEME}.get(target)
        # Events come last, so every row they name is created by now.
        return remap_payload(payload, self.new_id, item_table=item_table)

    def new_id(self, label: str, old: Any) -> int | None:
        try:
            return self.ids[label].get(int(old))
        except (TypeError, ValueError):
            return None

    def finish(self, deferred: list[tuple[models.Model, models.Field, Any]]) -> None:
        """The references that pointed forwards (a participant's space)."""
        by_field: dict[tuple[type, str], list] = defaultdict(list)
        for row, field, value in deferred:
            label = field.related_model._meta.label_lower
            setattr(row, field.attname, self.ids[label].get(value))
            by_field[(type(row), field.name)].append(row)
        for (model, name), rows in by_field.items():
            model.objects.bulk_update(rows, [name], batch_size=500)


def load_workshop(document: dict[str, Any]) -> Loaded:
    """Create the workshop `document` describes, with everything in it, as new rows."""
    if not isinstance(document, dict) or document.get("format") != schema.FORMAT:
        raise schema.TransferError("This file is not a Samskab workshop export.")
    if document.get("version") != schema.VERSION:
        raise schema.TransferError(
            f"This export has version {document.get('version')}; "
            f"this installation reads version {schema.VERSION}."
        )
    with transaction.atomic():
        return _Loader(document).load()
