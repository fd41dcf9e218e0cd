"""Reads of participant snapshots, scoped by role and region (R12).

Participant rows are personal data: only roles with ``READ_PARTICIPANTS`` see them, regency
officers only inside their regency. Snapshot metadata and counts carry no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, Perm, has_perm, region_scope_q
from lindung.participants.errors import ParticipantNotFound, SnapshotNotFound
from lindung.participants.models import (
    Participant,
    Snapshot,
    SnapshotStat,
    SnapshotStatus,
    Standing,
)
from lindung.regions.models import Region

FRAME_COLUMNS: tuple[str, ...] = (
    "id",
    "kpj",
    "nik",
    "name",
    "birth_date",
    "sex",
    "segment",
    "status",
    "standing",
    "last_paid_month",
    "region_code",
)


def can_read_participants(actor: User) -> bool:
    """Return whether the actor may see participant rows at all."""
    return has_perm(actor, Perm.READ_PARTICIPANTS)


def snapshots(*, actor: User | None = None) -> QuerySet[Snapshot]:
    """Return all snapshots, newest extract first (metadata only, no personal data)."""
    return Snapshot.objects.select_related("loaded_by", "previous").order_by("-extract_date", "-pk")


def loaded_snapshots() -> QuerySet[Snapshot]:
    """Return the loaded snapshots, newest extract first."""
    return Snapshot.objects.filter(status=SnapshotStatus.LOADED).order_by("-extract_date", "-pk")


def latest_snapshot(*, on_or_before: object = None) -> Snapshot | None:
    """Return the newest loaded snapshot (optionally dated on or before a date)."""
    qs = loaded_snapshots()
    if on_or_before is not None:
        qs = qs.filter(extract_date__lte=on_or_before)
    return qs.first()


def access_snapshot(*, actor: User | None = None, snapshot_id: int) -> Snapshot:
    """Return one snapshot or raise ``SnapshotNotFound``."""
    try:
        return snapshots(actor=actor).get(pk=snapshot_id)
    except Snapshot.DoesNotExist:
        raise SnapshotNotFound() from None


def readable_participants(*, actor: User) -> QuerySet[Participant]:
    """Return the participant rows the actor may see (none without ``READ_PARTICIPANTS``)."""
    if not can_read_participants(actor):
        return Participant.objects.none()
    qs = Participant.objects.select_related("snapshot")
    if actor.role in PROVINCE_WIDE_ROLES:
        return qs
    return qs.filter(region_scope_q(actor, "region_code"))


def access_participant(*, actor: User, participant_id: int) -> Participant:
    """Return one readable participant; absent and out of scope look the same."""
    try:
        return readable_participants(actor=actor).get(pk=participant_id)
    except Participant.DoesNotExist:
        raise ParticipantNotFound() from None


def search_participants(
    *, actor: User, snapshot: Snapshot, query: str = "", region_code: str = ""
) -> QuerySet[Participant]:
    """Return a snapshot's readable participants, found by exact KPJ or NIK and region."""
    qs = readable_participants(actor=actor).filter(snapshot=snapshot)
    query = "".join(query.split())
    if query:
        qs = qs.filter(Q(kpj=query) | Q(nik=query))
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code__startswith=region_code + "."))
    return qs.order_by("row_number")


def participants_by_nik(*, snapshot: Snapshot, niks: Iterable[str]) -> dict[str, Participant]:
    """Return a snapshot's participants keyed by NIK (system use: funnels, self-check).

    Several participants may share a NIK (two KPJ cards); a covered one wins.
    """
    found: dict[str, Participant] = {}
    wanted = sorted({n for n in niks if n})
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for row in Participant.objects.filter(snapshot=snapshot, nik__in=chunk).order_by(
            "nik", "row_number"
        ):
            best = found.get(row.nik)
            if best is None or (
                best.standing != Standing.COVERED and row.standing == Standing.COVERED
            ):
                found[row.nik] = row
    return found


def snapshot_frame(*, snapshot: Snapshot, region_code: str = "") -> pl.DataFrame:
    """Return a snapshot's rows as a polars frame (system use: reconciliation, analytics).

    Columns are ``FRAME_COLUMNS`` as text (dates ISO ``YYYY-MM-DD``) except ``id``.
    Reads straight through the database cursor, in chunks, without model instances.
    """
    cols = ", ".join(FRAME_COLUMNS)
    sql = f"SELECT {cols} FROM participants_participant WHERE snapshot_id = %s"  # noqa: S608
    params: list[int | str] = [snapshot.pk]
    if region_code:
        sql += " AND (region_code = %s OR region_code LIKE %s)"
        params += [region_code, region_code + ".%"]
    sql += " ORDER BY row_number"
    schema: dict[str, type[pl.DataType]] = dict.fromkeys(FRAME_COLUMNS, pl.String)
    schema["id"] = pl.Int64
    frames: list[pl.DataFrame] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(100_000):
            frame = pl.DataFrame(rows, schema=list(FRAME_COLUMNS), orient="row")
            frames.append(
                frame.with_columns(
                    pl.col("birth_date").cast(pl.String),
                    pl.col("last_paid_month").cast(pl.String),
                ).cast(schema)  # type: ignore[arg-type]
            )
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat(frames)


def snapshot_stats(
    *, snapshot: Snapshot | Sequence[Snapshot], region_code: str = "", include_gone: bool = False
) -> QuerySet[SnapshotStat]:
    """Return a snapshot's counts (or several's), optionally inside one regency or district."""
    if isinstance(snapshot, Snapshot):
        qs = SnapshotStat.objects.filter(snapshot=snapshot)
    else:
        qs = SnapshotStat.objects.filter(snapshot__in=snapshot)
    if not include_gone:
        qs = qs.exclude(change="gone")
    if region_code.count(".") == 1:
        qs = qs.filter(regency_code=region_code)
    elif region_code.count(".") >= 2:
        qs = qs.filter(district_code=region_code[:8])
    return qs


def count_by(
    *, snapshot: Snapshot, fields: tuple[str, ...], region_code: str = "", **filters: str
) -> list[dict[str, object]]:
    """Return participant counts of a snapshot grouped by ``fields`` (SnapshotStat columns)."""
    qs = snapshot_stats(snapshot=snapshot, region_code=region_code).filter(**filters)
    return list(qs.values(*fields).annotate(total=Sum("participants")).order_by(*fields))


@dataclass(frozen=True)
class SummaryRow:
    """Counts of one regency (or segment) in a snapshot."""

    key: str
    label: str
    covered: int = 0
    lapsed: int = 0
    new: int = 0
    reactivated: int = 0
    newly_lapsed: int = 0
    gone: int = 0

    @property
    def total(self) -> int:
        """Return the participants in the snapshot (covered + lapsed)."""
        return self.covered + self.lapsed


@dataclass(frozen=True)
class SnapshotSummary:
    """A snapshot's counts inside the actor's scope: by regency, by segment and in total."""

    scope_code: str
    regencies: list[SummaryRow]
    segments: list[SummaryRow]
    total: SummaryRow


def _scope_code(actor: User) -> str:
    if actor.role in PROVINCE_WIDE_ROLES:
        return ""
    return actor.region_code if actor.region_code.count(".") >= 1 else ""


def _rows(
    stats: Iterable[Mapping[str, object]], key: str, labels: dict[str, str]
) -> list[SummaryRow]:
    acc: dict[str, dict[str, int]] = {}
    for stat in stats:
        code = str(stat[key])
        n = int(str(stat["total"]))
        bucket = acc.setdefault(code, dict.fromkeys(SummaryRow.__dataclass_fields__, 0))
        change, standing = str(stat["change"]), str(stat["standing"])
        if change == "gone":
            bucket["gone"] += n
            continue
        bucket["covered" if standing == Standing.COVERED else "lapsed"] += n
        if change == "new":
            bucket["new"] += n
        elif change == "reactivated":
            bucket["reactivated"] += n
        elif change == "lapsed":
            bucket["newly_lapsed"] += n
    return [
        SummaryRow(
            key=code,
            label=labels.get(code, code or "-"),
            **{k: v for k, v in counts.items() if k not in {"key", "label"}},
        )
        for code, counts in sorted(acc.items())
    ]


def snapshot_summary(*, actor: User, snapshot: Snapshot) -> SnapshotSummary:
    """Return a snapshot's counts in the actor's region scope (aggregates, no personal data)."""
    scope = _scope_code(actor)
    stats = list(
        snapshot_stats(snapshot=snapshot, region_code=scope, include_gone=True)
        .values("regency_code", "segment", "standing", "change")
        .annotate(total=Sum("participants"))
        .order_by()
    )
    names = dict(Region.objects.filter(level="regency").values_list("code", "name"))
    segment_labels = {"pu": "PU", "bpu": "BPU", "jakon": "Jakon"}
    label = str(_("Total"))
    total = _rows(({**s, "all": ""} for s in stats), "all", {"": label})
    return SnapshotSummary(
        scope_code=scope,
        regencies=_rows(stats, "regency_code", names),
        segments=_rows(stats, "segment", segment_labels),
        total=total[0] if total else SummaryRow(key="", label=label),
    )
