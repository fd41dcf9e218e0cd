"""Loading the packaged Kemendagri region codes and boundaries (idempotent, all-or-nothing)."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.core.errors import FieldError
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionDataInvalid
from lindung.regions.models import LEVEL_DEPTH, Region, RegionLevel

CODE_PATTERNS = {
    RegionLevel.PROVINCE: re.compile(r"^\d{2}$"),
    RegionLevel.REGENCY: re.compile(r"^\d{2}\.\d{2}$"),
    RegionLevel.DISTRICT: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    RegionLevel.VILLAGE: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$"),
}
BOUNDARY_FILES = {
    RegionLevel.REGENCY: "regencies_61.geojson",
    RegionLevel.DISTRICT: "districts_61.geojson",
}

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class RegionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    boundary: dict[str, Any] | None = None


@dataclass
class RegionLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_level: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-safe summary."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "by_level": self.by_level,
        }


def _read_data(name: str) -> str:
    return (resources.files("lindung") / "data" / name).read_text(encoding="utf-8")


def parse_regions(
    csv_text: str, boundaries: dict[str, dict[str, dict[str, Any]]]
) -> list[RegionRow]:
    """Parse and validate the region CSV and boundaries; raise with every problem found."""
    errors: list[FieldError] = []
    rows: list[RegionRow] = []
    seen: set[str] = set()
    reader = csv.DictReader(io.StringIO(csv_text))
    missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
    if missing:
        raise RegionDataInvalid(
            errors=[
                FieldError(("header",), _("Missing columns: %(cols)s") % {"cols": sorted(missing)})
            ]
        )
    for line, raw in enumerate(reader, start=2):
        code = (raw["code"] or "").strip()
        name = (raw["name"] or "").strip()
        level = (raw["level"] or "").strip()
        parent = (raw["parent_code"] or "").strip() or None
        if level not in LEVEL_DEPTH:
            errors.append(FieldError((line, "level"), _("Unknown level %(v)s") % {"v": level}))
            continue
        if not CODE_PATTERNS[RegionLevel(level)].match(code):
            errors.append(FieldError((line, "code"), _("Malformed code %(v)s") % {"v": code}))
            continue
        expected_parent = code.rsplit(".", 1)[0] if "." in code else None
        if parent != expected_parent or (parent is not None and parent not in seen):
            errors.append(
                FieldError((line, "parent_code"), _("Wrong parent for %(v)s") % {"v": code})
            )
        if code in seen:
            errors.append(FieldError((line, "code"), _("Duplicate code %(v)s") % {"v": code}))
        if not name:
            errors.append(FieldError((line, "name"), _("Empty name")))
        seen.add(code)
        geometry = boundaries.get(level, {}).get(code)
        rows.append(RegionRow(code, name, level, parent, geometry))
    for level, by_code in boundaries.items():
        for code in by_code.keys() - seen:
            errors.append(
                FieldError(
                    (BOUNDARY_FILES[RegionLevel(level)], code),
                    _("Boundary for unknown region %(v)s") % {"v": code},
                )
            )
    if errors:
        raise RegionDataInvalid(errors=errors)
    return rows


def packaged_regions() -> list[RegionRow]:
    """Return the validated region rows shipped inside the package."""
    boundaries: dict[str, dict[str, dict[str, Any]]] = {}
    for level, filename in BOUNDARY_FILES.items():
        collection = json.loads(_read_data(filename))
        boundaries[level] = {f["properties"]["code"]: f["geometry"] for f in collection["features"]}
    return parse_regions(_read_data("regions_61.csv"), boundaries)


def load_regions(
    *, actor: User | None, progress: ProgressCallback | None = None
) -> RegionLoadResult:
    """Validate the packaged regions, then create or update them all in one transaction."""
    if progress:
        progress(0, 3, _("Reading the packaged region data"))
    rows = packaged_regions()
    if progress:
        progress(1, 3, _("Comparing %(n)s regions with the database") % {"n": len(rows)})
    result = _write_regions(actor=actor, rows=rows)
    if progress:
        progress(3, 3, _("Regions loaded"))
    return result


@transaction.atomic(durable=True)
def _write_regions(*, actor: User | None, rows: list[RegionRow]) -> RegionLoadResult:
    existing = {r.code: r for r in Region.objects.all()}
    result = RegionLoadResult()
    to_create: list[Region] = []
    to_update: list[Region] = []
    for row in rows:
        result.by_level[row.level] = result.by_level.get(row.level, 0) + 1
        current = existing.get(row.code)
        if current is None:
            to_create.append(
                Region(
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    parent_id=row.parent_code,
                    boundary=row.boundary,
                )
            )
        elif (current.name, current.level, current.parent_id, current.boundary) != (
            row.name,
            row.level,
            row.parent_code,
            row.boundary,
        ):
            current.name, current.level = row.name, row.level
            current.parent_id, current.boundary = row.parent_code, row.boundary
            to_update.append(current)
        else:
            result.unchanged += 1
    Region.objects.bulk_create(to_create, batch_size=500)
    Region.objects.bulk_update(to_update, ["name", "level", "parent", "boundary"], batch_size=200)
    result.created, result.updated = len(to_create), len(to_update)
    if to_create or to_update:
        # Cached region lists are keyed by the version: new ones are built after the commit.
        transaction.on_commit(
            lambda: cache.set(region_selectors.VERSION_KEY, uuid.uuid4().hex, None)
        )
        account_services.record_audit(
            actor=actor,
            action="regions.load",
            entity_type="region",
            entity_id="61",
            region_code="61",
            changes={"after": result.as_dict()},
            note="Kepmendagri 300.2.2-2430/2025 via cahyadsn/wilayah",
        )
    return result
