"""Writes: loading the packaged parameters, adding versions and extra holidays (audited)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.core.errors import FieldError
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionNotFound
from lindung.regulations.errors import (
    HolidayInvalid,
    HolidayNotFound,
    ParameterInvalid,
    field_errors_from_rules,
)
from lindung.regulations.models import Holiday, Origin, ParameterRecord
from lindung.rules import errors as rule_errors
from lindung.rules.defaults import default_parameters_text
from lindung.rules.parameters import (
    Confidence,
    ParameterSet,
    load_parameters,
    parameter_from_record,
)


@dataclass
class ParameterLoadResult:
    version: str = ""
    created: int = 0
    closed: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-safe summary."""
        return {
            "version": self.version,
            "created": self.created,
            "closed": self.closed,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
        }


def _require(actor: User, perm: Perm) -> None:
    if not has_perm(actor, perm):
        raise ActionNotAllowed()


@transaction.atomic(durable=True)
def load_packaged_parameters(*, actor: User | None) -> ParameterLoadResult:
    """Add the packaged parameter versions missing from the database; never overwrite one.

    A packaged version whose value differs from the stored one is reported as a conflict and
    left alone: stored history wins. A newer data file may close an open version.
    """
    text = default_parameters_text()
    params = load_parameters(text)
    result = ParameterLoadResult(version=params.version)
    existing = {(r.name, r.valid_from): r for r in ParameterRecord.objects.all()}
    for record in params.records:
        data = record.to_record()
        stored = existing.get((record.name, record.valid_from))
        if stored is None:
            ParameterRecord.objects.create(
                name=record.name,
                kind=data["kind"],
                value=data["value"],
                valid_from=record.valid_from,
                valid_to=record.valid_to,
                source=record.source,
                confidence=data["confidence"],
                note=record.note,
                origin=Origin.PACKAGED,
                data_version=params.version,
            )
            result.created += 1
        elif stored.value != data["value"] or stored.kind != data["kind"]:
            result.conflicts.append(f"{record.name} {record.valid_from.isoformat()}")
        elif stored.valid_to is None and record.valid_to is not None:
            stored.valid_to = record.valid_to
            stored.save(update_fields=["valid_to"])
            result.closed += 1
        else:
            result.unchanged += 1
    # The stored rows must still form a consistent set (no overlapping versions).
    _check_consistent()
    if result.created or result.closed:
        account_services.record_audit(
            actor=actor,
            action="parameters.load",
            entity_type="parameter",
            entity_id=params.version,
            region_code="61",
            changes={"after": result.as_dict()},
        )
    return result


def _check_consistent() -> ParameterSet:
    rows = [r.as_record() for r in ParameterRecord.objects.order_by("name", "valid_from")]
    try:
        return load_parameters({"version": "check", "parameters": rows})
    except rule_errors.RulesError as exc:
        raise ParameterInvalid(errors=field_errors_from_rules(exc)) from exc


def parse_value_text(kind: str, text: str) -> Any:
    """Return a parameter value typed in a form: JSON for tables, plain text otherwise."""
    text = text.strip()
    if kind == "table":
        return json.loads(text)
    if kind == "integer":
        return int(text.replace(".", "").replace(",", ""))
    if kind == "bool":
        return text.lower() in {"1", "true", "ya", "yes"}
    if kind == "decimal":
        return text.replace(",", ".")
    return text


@transaction.atomic(durable=True)
def add_parameter_version(
    *,
    actor: User,
    name: str,
    value_text: str,
    valid_from: date,
    source: str,
    confidence: str = Confidence.H,
    note: str = "",
) -> ParameterRecord:
    """Add a new version of a known parameter from ``valid_from`` on, closing the previous one.

    Earlier versions keep their values: history is never rewritten, so a version must start
    after the latest stored one.
    """
    _require(actor, Perm.MANAGE_REFERENCE_DATA)
    latest = ParameterRecord.objects.filter(name=name).order_by("-valid_from").first()
    if latest is None:
        raise ParameterInvalid(
            errors=[FieldError(("name",), _("Unknown parameter %(name)s.") % {"name": name})]
        )
    errors: list[FieldError] = []
    if valid_from <= latest.valid_from:
        errors.append(
            FieldError(
                ("valid_from",),
                _("A new version must start after %(date)s, when the latest version starts.")
                % {"date": latest.valid_from.isoformat()},
                "history",
            )
        )
    try:
        value = parse_value_text(latest.kind, value_text)
    except (ValueError, json.JSONDecodeError):
        errors.append(FieldError(("value_text",), _("The value cannot be read."), "invalid"))
        value = None
    if latest.kind in {"decimal", "integer"} and value is not None:
        try:
            negative = Decimal(str(value)) < 0
        except InvalidOperation:
            negative = False
        if negative:
            errors.append(
                FieldError(("value_text",), _("Rates and amounts cannot be negative."), "negative")
            )
    if errors:
        raise ParameterInvalid(errors=errors)
    record = {
        "name": name,
        "kind": latest.kind,
        "value": value,
        "valid_from": valid_from.isoformat(),
        "valid_to": None,
        "source": source,
        "confidence": confidence,
        "note": note,
    }
    try:
        parameter_from_record(record, "value")
    except rule_errors.RulesError as exc:
        raise ParameterInvalid(
            errors=[
                FieldError(("value_text",) if e.loc[-1:] == ("value",) else e.loc[-1:], e.msg)
                for e in field_errors_from_rules(exc)
            ]
        ) from exc
    before_to = latest.valid_to
    if latest.valid_to is None or latest.valid_to >= valid_from:
        latest.valid_to = valid_from - timedelta(days=1)
        latest.save(update_fields=["valid_to"])
    created = ParameterRecord.objects.create(
        name=name,
        kind=latest.kind,
        value=value,
        valid_from=valid_from,
        source=source.strip(),
        confidence=confidence,
        note=note.strip(),
        origin=Origin.ADMIN,
        created_by=actor,
    )
    _check_consistent()
    account_services.record_audit(
        actor=actor,
        action="parameter.add_version",
        entity_type="parameter",
        entity_id=f"{name}@{valid_from.isoformat()}",
        region_code="61",
        changes={
            "before": {"previous_valid_to": before_to.isoformat() if before_to else None},
            "after": {
                "previous_valid_to": latest.valid_to.isoformat() if latest.valid_to else None,
                "value": value,
                "valid_from": valid_from.isoformat(),
                "source": source,
            },
        },
    )
    return created


@transaction.atomic(durable=True)
def add_holiday(*, actor: User, day: date, name: str, region_code: str, source: str) -> Holiday:
    """Add a non-working day for a region (e.g. a regional holiday); audited."""
    _require(actor, Perm.MANAGE_REFERENCE_DATA)
    errors: list[FieldError] = []
    try:
        region = region_selectors.get_region(code=region_code)
    except RegionNotFound as exc:
        errors.append(FieldError(("region",), exc.message, "unknown_region"))
        region = None
    if not name.strip():
        errors.append(FieldError(("name",), _("Give the holiday a name."), "required"))
    if not source.strip():
        errors.append(FieldError(("source",), _("Cite the decree that sets it."), "required"))
    if region and Holiday.objects.filter(date=day, region=region).exists():
        errors.append(
            FieldError(("date",), _("This region already has a holiday on that date."), "duplicate")
        )
    if errors or region is None:
        raise HolidayInvalid(errors=errors)
    holiday = Holiday.objects.create(
        date=day, name=name.strip(), region=region, source=source.strip(), created_by=actor
    )
    account_services.record_audit(
        actor=actor,
        action="holiday.add",
        entity_type="holiday",
        entity_id=holiday.pk,
        region_code=region_code,
        changes={"after": {"date": day.isoformat(), "name": holiday.name, "source": source}},
    )
    return holiday


@transaction.atomic(durable=True)
def remove_holiday(*, actor: User, holiday_id: int) -> None:
    """Remove an extra holiday added by mistake; audited with its former values."""
    _require(actor, Perm.MANAGE_REFERENCE_DATA)
    holiday = Holiday.objects.filter(pk=holiday_id).first()
    if holiday is None:
        raise HolidayNotFound()
    account_services.record_audit(
        actor=actor,
        action="holiday.remove",
        entity_type="holiday",
        entity_id=holiday.pk,
        region_code=holiday.region_id,
        changes={"before": {"date": holiday.date.isoformat(), "name": holiday.name}},
    )
    holiday.delete()
