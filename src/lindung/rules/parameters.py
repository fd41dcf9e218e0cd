"""Effective-dated regulation parameters: records, the set that answers lookups, the loader.

A parameter never changes in place. A new version is a new record with a later
``valid_from``; the old record keeps its ``valid_to``. The record shape is flat
(name, kind, JSON value, dates, source, confidence, note) so the web layer can
store the same rows in a database table and build a ``ParameterSet`` from them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from lindung.rules.errors import (
    Code,
    Issue,
    ParameterDataError,
    ParameterNotInForce,
    UnknownParameter,
)
from lindung.rules.money import json_decimal


class Confidence(StrEnum):
    """How well a value is sourced (see the domain reference, "How to read this note")."""

    H = "H"
    M = "M"
    L = "L"
    UNCONFIRMED = "UNCONFIRMED"


LOW_CONFIDENCE = frozenset({Confidence.L, Confidence.UNCONFIRMED})


class Kind(StrEnum):
    """How a record's JSON value is read."""

    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOL = "bool"
    TEXT = "text"
    TABLE = "table"


# Table cells are text so decimals stay exact in JSON and in a database JSON column.
TableRow = Mapping[str, str | None]
Value = Decimal | int | bool | str | tuple[TableRow, ...]


@dataclass(frozen=True)
class Parameter:
    """One version of one parameter, in force from valid_from to valid_to (inclusive)."""

    name: str
    kind: Kind
    value: Value
    valid_from: date
    valid_to: date | None
    source: str
    confidence: Confidence
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Return whether this version applies on ON."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def json_value(self) -> Any:
        """Return the value in its JSON form (decimals as strings)."""
        if isinstance(self.value, tuple):
            return [dict(row) for row in self.value]
        if isinstance(self.value, Decimal):
            return json_decimal(self.value)
        return self.value

    def to_record(self) -> dict[str, Any]:
        """Return the flat JSON/DB record this parameter loads from."""
        return {
            "name": self.name,
            "kind": str(self.kind),
            "value": self.json_value(),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "confidence": str(self.confidence),
            "note": self.note,
        }

    def usage(self) -> dict[str, Any]:
        """Return the short form a result lists under "parameters"."""
        return {
            "name": self.name,
            "value": self.json_value(),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "confidence": str(self.confidence),
        }


def _coverage(records: tuple[Parameter, ...]) -> str:
    return ", ".join(
        f"{r.valid_from.isoformat()}..{r.valid_to.isoformat() if r.valid_to else ''}"
        for r in records
    )


class ParameterSet:
    """All versions of all parameters; answers "value of NAME in force on DATE"."""

    def __init__(self, records: Iterable[Parameter], version: str = "") -> None:
        by_name: dict[str, list[Parameter]] = {}
        for record in records:
            by_name.setdefault(record.name, []).append(record)
        issues: list[Issue] = []
        for name, versions in by_name.items():
            versions.sort(key=lambda r: r.valid_from)
            for earlier, later in itertools.pairwise(versions):
                if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                    issues.append(
                        Issue(
                            Code.PARAMETER_OVERLAP,
                            name,
                            {"name": name, "date": later.valid_from.isoformat()},
                        )
                    )
        if issues:
            raise ParameterDataError(
                issues[0].code, issues[0].field, issues[0].params, issues=tuple(issues)
            )
        self._by_name = {name: tuple(v) for name, v in by_name.items()}
        self.version = version

    @property
    def records(self) -> tuple[Parameter, ...]:
        """Return every record, grouped by name and ordered by valid_from."""
        return tuple(r for name in sorted(self._by_name) for r in self._by_name[name])

    def names(self) -> tuple[str, ...]:
        """Return the known parameter names, sorted."""
        return tuple(sorted(self._by_name))

    def history(self, name: str) -> tuple[Parameter, ...]:
        """Return every version of NAME, oldest first."""
        if name not in self._by_name:
            raise UnknownParameter(Code.PARAMETER_UNKNOWN, name, {"name": name})
        return self._by_name[name]

    def get(self, name: str, on: date) -> Parameter:
        """Return the version of NAME in force on ON, or raise ParameterNotInForce."""
        versions = self.history(name)
        for record in versions:
            if record.in_force(on):
                return record
        raise ParameterNotInForce(
            Code.PARAMETER_NOT_IN_FORCE,
            name,
            {"name": name, "date": on.isoformat(), "coverage": _coverage(versions)},
        )

    def find(self, name: str, on: date) -> Parameter | None:
        """Return the version of NAME in force on ON, or None."""
        if name not in self._by_name:
            return None
        return next((r for r in self._by_name[name] if r.in_force(on)), None)

    def with_records(
        self, records: Iterable[Parameter], version: str | None = None
    ) -> ParameterSet:
        """Return a new set with RECORDS added (e.g. next year's UMK); overlaps raise."""
        return ParameterSet((*self.records, *records), self.version if version is None else version)

    def at(self, on: date) -> ParameterView:
        """Return a view that looks values up on ON and remembers which it used."""
        return ParameterView(self, on)

    def to_data(self) -> dict[str, Any]:
        """Return the JSON document this set loads from."""
        return {"version": self.version, "parameters": [r.to_record() for r in self.records]}


@dataclass
class ParameterView:
    """Typed lookups on one date; ``used`` lists every record read, for the result."""

    params: ParameterSet
    on: date
    _used: dict[tuple[str, date], Parameter] = field(default_factory=dict)

    def get(self, name: str) -> Parameter:
        """Return the record of NAME in force and remember it."""
        record = self.params.get(name, self.on)
        self._used.setdefault((record.name, record.valid_from), record)
        return record

    def find(self, name: str) -> Parameter | None:
        """Return the record of NAME in force (remembered), or None if there is none."""
        record = self.params.find(name, self.on)
        if record is not None:
            self._used.setdefault((record.name, record.valid_from), record)
        return record

    def decimal(self, name: str) -> Decimal:
        """Return NAME as a Decimal."""
        return _as(self.get(name), Decimal)

    def optional_decimal(self, name: str) -> Decimal | None:
        """Return NAME as a Decimal, or None when no version is in force."""
        record = self.find(name)
        return None if record is None else _as(record, Decimal)

    def integer(self, name: str) -> int:
        """Return NAME as an int."""
        return _as(self.get(name), int)

    def flag(self, name: str) -> bool:
        """Return NAME as a bool."""
        return _as(self.get(name), bool)

    def text(self, name: str) -> str:
        """Return NAME as text."""
        return _as(self.get(name), str)

    def table(self, name: str) -> tuple[TableRow, ...]:
        """Return NAME as table rows."""
        return _as(self.get(name), tuple)

    @property
    def used(self) -> tuple[Parameter, ...]:
        """Return the records read so far, in first-use order."""
        return tuple(self._used.values())


def _as[T](record: Parameter, expected: type[T]) -> T:
    value = record.value
    # bool is an int subclass; keep the two apart so a flag never reads as a count.
    if isinstance(value, expected) and (expected is bool or not isinstance(value, bool)):
        return value
    raise ParameterDataError(
        Code.PARAMETER_DATA_INVALID,
        record.name,
        {"reason": f"expected {expected.__name__}, found {type(value).__name__}"},
    )


def merge_used(*groups: Iterable[Parameter]) -> tuple[Parameter, ...]:
    """Return the records of GROUPS without duplicates, in first-use order."""
    seen: dict[tuple[str, date], Parameter] = {}
    for group in groups:
        for record in group:
            seen.setdefault((record.name, record.valid_from), record)
    return tuple(seen.values())


def confidence_warnings(used: Iterable[Parameter]) -> list[Issue]:
    """Return a warning for each used record whose confidence is L or UNCONFIRMED."""
    return [
        Issue(
            Code.PARAMETER_LOW_CONFIDENCE,
            record.name,
            {"name": record.name, "confidence": str(record.confidence)},
        )
        for record in used
        if record.confidence in LOW_CONFIDENCE
    ]


# ----------------------------------------------------------------------------- loading

REQUIRED_FIELDS = ("name", "kind", "value", "valid_from", "valid_to", "source", "confidence")


def parameter_from_record(record: Mapping[str, Any], where: str = "record") -> Parameter:
    """Build one Parameter from a flat JSON/DB record, or raise ParameterDataError."""
    issues: list[Issue] = []

    def bad(field_name: str, reason: str) -> None:
        issues.append(
            Issue(Code.PARAMETER_DATA_INVALID, f"{where}.{field_name}", {"reason": reason})
        )

    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        bad("fields", "missing " + ", ".join(missing))
        raise ParameterDataError.from_issues(issues)
    name = record["name"]
    if not isinstance(name, str) or not name:
        bad("name", "must be non-empty text")
    try:
        kind = Kind(record["kind"])
    except ValueError:
        bad("kind", f"unknown kind {record['kind']!r}")
        kind = Kind.TEXT
    try:
        confidence = Confidence(record["confidence"])
    except ValueError:
        bad("confidence", f"unknown confidence {record['confidence']!r}")
        confidence = Confidence.UNCONFIRMED
    valid_from = _parse_date(record["valid_from"], "valid_from", bad)
    valid_to = (
        None if record["valid_to"] is None else _parse_date(record["valid_to"], "valid_to", bad)
    )
    if valid_from and valid_to and valid_to < valid_from:
        bad("valid_to", "is before valid_from")
    source = record["source"]
    if not isinstance(source, str) or not source.strip():
        bad("source", "must cite the regulation")
    value = _parse_value(kind, record["value"], bad)
    note = record.get("note", "")
    if issues or valid_from is None or value is None:
        raise ParameterDataError.from_issues(issues)
    return Parameter(
        name=name,
        kind=kind,
        value=value,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        confidence=confidence,
        note=note if isinstance(note, str) else "",
    )


def _parse_date(raw: Any, field_name: str, bad: Any) -> date | None:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        bad(field_name, f"not an ISO date: {raw!r}")
        return None


def _parse_value(kind: Kind, raw: Any, bad: Any) -> Value | None:
    if kind is Kind.DECIMAL:
        # Decimal values are JSON strings so no float ever touches a rate.
        if not isinstance(raw, str):
            bad("value", "a decimal must be a JSON string")
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            bad("value", f"not a decimal: {raw!r}")
            return None
        return number
    if kind is Kind.INTEGER:
        if isinstance(raw, bool) or not isinstance(raw, int):
            bad("value", "an integer must be a JSON number without fraction")
            return None
        return raw
    if kind is Kind.BOOL:
        if not isinstance(raw, bool):
            bad("value", "a bool must be true or false")
            return None
        return raw
    if kind is Kind.TEXT:
        if not isinstance(raw, str):
            bad("value", "text must be a JSON string")
            return None
        return raw
    if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
        bad("value", "a table must be a list of objects")
        return None
    rows: list[TableRow] = []
    for row in raw:
        if not all(isinstance(cell, str) or cell is None for cell in row.values()):
            bad("value", "table cells must be strings or null")
            return None
        rows.append(dict(row))
    return tuple(rows)


def load_parameters(data: str | Mapping[str, Any]) -> ParameterSet:
    """Build a ParameterSet from the JSON text or already-parsed document DATA."""
    document: Any = json.loads(data) if isinstance(data, str) else data
    if not isinstance(document, Mapping):
        raise ParameterDataError(
            Code.PARAMETER_DATA_INVALID, "document", {"reason": "must be a JSON object"}
        )
    version = document.get("version")
    records = document.get("parameters")
    if not isinstance(version, str) or not isinstance(records, list):
        raise ParameterDataError(
            Code.PARAMETER_DATA_INVALID,
            "document",
            {"reason": 'needs a "version" string and a "parameters" list'},
        )
    parameters: list[Parameter] = []
    issues: list[Issue] = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            issues.append(
                Issue(
                    Code.PARAMETER_DATA_INVALID,
                    f"parameters[{index}]",
                    {"reason": "must be an object"},
                )
            )
            continue
        try:
            parameters.append(parameter_from_record(record, f"parameters[{index}]"))
        except ParameterDataError as error:
            issues.extend(error.issues)
    if issues:
        raise ParameterDataError.from_issues(issues)
    return ParameterSet(parameters, version)
