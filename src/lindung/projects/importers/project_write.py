"""Writing a project import plan: set-based appends and SQL, in the caller's transaction.

New parties are added with ``bulk_create`` (one statement per kind). New projects take
their ids up front and are appended straight to their table, with their first stage
(``core.bulk``: ``COPY`` on PostgreSQL, ``executemany`` on SQLite). Changed projects go
into a temporary staging table and from there into the projects table with one
``UPDATE … FROM``, and their stage changes with one ``INSERT … SELECT``. Audit rows: one
per changed project and one for the batch.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.core import bulk
from lindung.projects.importers.common import Progress, noop
from lindung.projects.importers.project_plan import (
    DATE_FIELDS,
    MONEY_FIELDS,
    NEW_VALUES,
    ProjectPlan,
)
from lindung.projects.models import Agency, Contractor, Ppk, Project, StageChange
from lindung.projects.services import AUDITED_FIELDS
from lindung.projects.services.calculations import basis_ids

WRITE_BATCH = 2000
# Columns every written project gets, besides the input fields (NEW_VALUES).
COMPUTED = (
    "contribution_jkk",
    "contribution_jkm",
    "contribution_total",
    "contribution_detail",
    "contribution_basis_id",
)
WRITE_FIELDS = (*NEW_VALUES, *COMPUTED, "registration_due", "updated_at")
CREATE_FIELDS = (
    *WRITE_FIELDS,
    "created_at",
    "public_token",
    "public_token_revoked",
    "paid_total",
    "registered_on",
)
_UPDATE_STAGING = "lindung_import_changed_projects"
_TOKEN_BYTES = 18  # like models.new_public_token: secrets.token_urlsafe(18)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _money_text(cents: pl.Expr) -> pl.Expr:
    return (cents // 100).cast(pl.String) + pl.lit(".") + (cents % 100).cast(pl.String).str.zfill(2)


def _tokens(count: int) -> pl.Series:
    """Return COUNT unguessable tokens, each ``secrets.token_urlsafe(18)``'s shape."""
    # 18 bytes encode to 24 characters without padding, so one encoding splits evenly.
    text = base64.urlsafe_b64encode(secrets.token_bytes(_TOKEN_BYTES * count)).decode()
    return pl.Series("public_token", [text[i : i + 24] for i in range(0, len(text), 24)])


def _party_ids(frame: pl.DataFrame, kind: str, ids: Sequence[int]) -> pl.Expr:
    """Return the party id column: the stored id, else the id the new party was given."""
    created = dict(enumerate(ids))
    return pl.coalesce(
        pl.col(f"{kind}_id"),
        pl.col(f"{kind}_new").replace_strict(created, default=None, return_dtype=pl.Int64),
    ).alias(f"{kind}_id")


def _create_parties(plan: ProjectPlan) -> dict[str, list[int]]:
    """Add the new agencies, then PPKs (whose agency may be new), then contractors."""
    agencies = Agency.objects.bulk_create(
        [Agency(**values) for values in plan.parties.agencies], batch_size=WRITE_BATCH
    )
    agency_ids = [agency.pk for agency in agencies]
    ppks = Ppk.objects.bulk_create(
        [
            Ppk(
                nip=values["nip"],
                name=values["name"],
                agency_id=values["agency_id"]
                if values["agency_id"] is not None
                else agency_ids[values["agency_new"]],
            )
            for values in plan.parties.ppks
        ],
        batch_size=WRITE_BATCH,
    )
    contractors = Contractor.objects.bulk_create(
        [Contractor(**values) for values in plan.parties.contractors], batch_size=WRITE_BATCH
    )
    return {
        "agency": agency_ids,
        "ppk": [ppk.pk for ppk in ppks],
        "contractor": [contractor.pk for contractor in contractors],
    }


def _resolved(
    frame: pl.DataFrame, ids: dict[str, list[int]], bases: dict[str, int]
) -> pl.DataFrame:
    """Return the plan's rows with every party and contribution basis id filled in."""
    basis = (
        pl.col("contribution_basis").replace_strict(bases, default=None, return_dtype=pl.Int64)
        if bases
        else pl.lit(None, dtype=pl.Int64)
    )
    return frame.with_columns(
        *(_party_ids(frame, kind, ids[kind]) for kind in ids),
        basis.alias("contribution_basis_id"),
    )


def _store_bases(plan: ProjectPlan) -> dict[str, int]:
    """Store the contribution bases the written rows refer to; return their ids by digest."""
    used = set()
    for frame in (plan.creates, plan.updates):
        if frame.height:
            used.update(frame.get_column("contribution_basis").drop_nulls().unique().to_list())
    return basis_ids({key: plan.bases[key] for key in used})


def _rows(frame: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Return resolved plan rows in the table's columns (money in rupiah text)."""
    values = []
    for name, column in NEW_VALUES.items():
        expr = pl.col(column)
        values.append((_money_text(expr) if name in MONEY_FIELDS else expr).alias(name))
    return frame.select(
        *values,
        *(pl.col(name) for name in COMPUTED),
        pl.col("registration_due"),
        pl.lit(bulk.stored_datetime(now)).alias("updated_at"),
        pl.col("ex_id").alias("id"),
        pl.col("stage").ne_missing(pl.col("ex_stage")).alias("stage_changed"),
    )


def _temporary_table(table: str, columns: Sequence[str]) -> None:
    """Create an empty temporary table with the projects table's column types."""
    fields = {f.column: f for f in Project._meta.concrete_fields}
    definitions = []
    for name in columns:
        if name == "stage_changed":
            kind = "boolean"
        elif name == "id":
            kind = "bigint"
        else:
            kind = str(fields[name].db_type(connection))
        definitions.append(f"{_q(name)} {kind}")
    drop = "ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_q(table)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_q(table)} ({', '.join(definitions)}) {drop}")


def _drop_temporary(table: str) -> None:
    if connection.vendor != "postgresql":  # PostgreSQL drops it at commit
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {_q(table)}")


def _copy_rows(table: str, columns: Sequence[str], frame: pl.DataFrame) -> None:
    """Append the frame's ``columns`` to a table (``core.bulk``: COPY or executemany)."""
    bulk.copy_frame(table, frame.select(columns))


def _insert_created(frame: pl.DataFrame, *, today: date, actor: User | None, now: datetime) -> None:
    """COPY the new projects, with ids taken up front, then COPY their first stage."""
    frame = frame.with_columns(
        bulk.reserve_ids(Project._meta.db_table, frame.height),
        pl.lit(bulk.stored_datetime(now)).alias("created_at"),
        _tokens(frame.height),
        pl.lit(False).alias("public_token_revoked"),
        pl.lit("0.00").alias("paid_total"),
        pl.lit(None, dtype=pl.Date).alias("registered_on"),
    )
    _copy_rows(Project._meta.db_table, ("id", *CREATE_FIELDS), frame)
    changes = frame.select(
        pl.col("id").alias("project_id"),
        pl.col("stage"),
        pl.lit(today).alias("on"),
        pl.lit("").alias("note"),
        pl.lit(actor.pk if actor is not None else None, dtype=pl.Int64).alias("recorded_by_id"),
        pl.lit(bulk.stored_datetime(now)).alias("recorded_at"),
    )
    _copy_rows(StageChange._meta.db_table, changes.columns, changes)


def _apply_updates(frame: pl.DataFrame, *, today: date, actor: User | None, now: datetime) -> None:
    columns = ("id", *WRITE_FIELDS, "stage_changed")
    _temporary_table(_UPDATE_STAGING, columns)
    _copy_rows(_UPDATE_STAGING, columns, frame)
    project, changes = _q(Project._meta.db_table), _q(StageChange._meta.db_table)
    assignments = ", ".join(f"{_q(name)} = s.{_q(name)}" for name in WRITE_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {project} AS p SET {assignments} FROM {_q(_UPDATE_STAGING)} AS s "  # noqa: S608
            "WHERE p.id = s.id"
        )
        cursor.execute(
            f"INSERT INTO {changes} (project_id, stage, {_q('on')}, note, recorded_by_id, "  # noqa: S608
            f"recorded_at) SELECT s.id, s.stage, %s, '', %s, %s FROM {_q(_UPDATE_STAGING)} s "
            "WHERE s.stage_changed",
            [today, actor.pk if actor is not None else None, now],
        )
    _drop_temporary(_UPDATE_STAGING)


def _json_safe(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in MONEY_FIELDS:
        # Like accounts.services.snapshot: 350000000.00 and 350000000 are the same amount.
        return format(Decimal(int(value)).scaleb(-2).normalize(), "f")
    if name in DATE_FIELDS:
        return value.isoformat()
    return value


def _audit_updates(rows: pl.DataFrame, *, actor: User | None, batch_id: str) -> None:
    """Add one audit row per changed project, with its changed fields before and after."""
    entries = []
    befores = rows.select(pl.col(f"ex_{name}").alias(name) for name in AUDITED_FIELDS)
    afters = rows.select(pl.col(NEW_VALUES[name]).alias(name) for name in AUDITED_FIELDS)
    project_ids = rows.get_column("ex_id").to_list()
    pairs = zip(befores.iter_rows(named=True), afters.iter_rows(named=True), strict=True)
    for project_id, (before_row, after_row) in zip(project_ids, pairs, strict=True):
        before = {name: _json_safe(name, value) for name, value in before_row.items()}
        after = {name: _json_safe(name, value) for name, value in after_row.items()}
        entries.append(
            account_services.AuditEntry(
                action="project.update",
                entity_type="project",
                entity_id=project_id,
                region_code=after["region_id"],
                changes=account_services.diff_fields(before, after),
                note=f"import {batch_id}",
            )
        )
    account_services.record_audits(actor=actor, entries=entries, batch_size=WRITE_BATCH)


def commit_projects(
    *, actor: User | None, plan: ProjectPlan, batch_id: str, progress: Progress = noop
) -> dict[str, int]:
    """Write a project plan in the caller's transaction; audit each update and the batch."""
    total = plan.created + plan.updated
    progress(0, total, _("Writing projects"))
    ids = _create_parties(plan)
    bases = _store_bases(plan)
    now = timezone.now()
    if plan.created:
        creates = _rows(_resolved(plan.creates, ids, bases), now)
        _insert_created(creates, today=plan.today, actor=actor, now=now)
    progress(plan.created, total, _("Writing projects"))
    if plan.updated:
        updates = _resolved(plan.updates, ids, bases)
        _apply_updates(_rows(updates, now), today=plan.today, actor=actor, now=now)
        _audit_updates(updates, actor=actor, batch_id=batch_id)
    if connection.vendor == "postgresql":
        # Check the deferred foreign keys now, so a party removed meanwhile is a conflict.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    progress(total, total, _("Writing projects"))
    counts = plan.counts() | {
        "agencies_created": len(ids["agency"]),
        "ppks_created": len(ids["ppk"]),
        "contractors_created": len(ids["contractor"]),
    }
    account_services.record_audit(
        actor=actor,
        action="project.import",
        entity_type="import_batch",
        entity_id=batch_id,
        region_code=actor.region_code if actor is not None else "",
        changes={"after": counts},
    )
    return counts
