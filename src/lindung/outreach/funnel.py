"""The outreach conversion funnel, per village, cadre, event or audience sector.

    reached     the attendance of the events
    registered  registry workers credited to those events (``EventRegistration``)
    paid        of those with a valid NIK, the ones whose BPJS record in the newest loaded
                participant snapshot shows a contribution paid for the registration month
                or later
    active 3/6  of those whose registration is at least 3 (6) months before the newest
                snapshot, the ones covered in the first loaded snapshot dated on or after
                that milestone

Workers are matched to BPJS participants by NIK only; registrations without a valid NIK
are counted as registered and reported apart, never guessed. Without a loaded snapshot the
last stages are ``None`` ("no snapshot loaded"), not zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.accounts.models import User
from lindung.outreach import selectors
from lindung.outreach.models import EventRegistration
from lindung.outreach.periods import add_months
from lindung.participants import selectors as participant_selectors
from lindung.participants.models import Snapshot, Standing
from lindung.workers.models import NikStatus, Sector

MILESTONES = (3, 6)


class FunnelGroup(StrEnum):
    VILLAGE = "village"
    CADRE = "cadre"
    EVENT = "event"
    SECTOR = "sector"


GROUP_LABELS = {
    FunnelGroup.VILLAGE: gettext_lazy("Village"),
    FunnelGroup.CADRE: gettext_lazy("Cadre"),
    FunnelGroup.EVENT: gettext_lazy("Socialization event"),
    FunnelGroup.SECTOR: gettext_lazy("Audience sector"),
}


def _rate(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class FunnelRow:
    """One group's stages. Snapshot stages are ``None`` when no snapshot is loaded."""

    key: str
    label: str
    events: int = 0
    reached: int = 0
    registered: int = 0
    matchable: int = 0
    paid: int | None = None
    due: dict[int, int | None] = field(default_factory=dict)
    active: dict[int, int | None] = field(default_factory=dict)

    @property
    def without_nik(self) -> int:
        """Return the registrations that cannot be matched to BPJS data (no valid NIK)."""
        return self.registered - self.matchable

    @property
    def registered_rate(self) -> Decimal | None:
        """Return registered / reached, in percent."""
        return _rate(self.registered, self.reached)

    @property
    def paid_rate(self) -> Decimal | None:
        """Return paid / registrations with a valid NIK, in percent."""
        return _rate(self.paid, self.matchable)

    def active_rate(self, months: int) -> Decimal | None:
        """Return active / due at the milestone, in percent."""
        return _rate(self.active.get(months), self.due.get(months))

    @property
    def due_3(self) -> int | None:
        return self.due.get(3)

    @property
    def due_6(self) -> int | None:
        return self.due.get(6)

    @property
    def active_3(self) -> int | None:
        return self.active.get(3)

    @property
    def active_6(self) -> int | None:
        return self.active.get(6)

    @property
    def active_3_rate(self) -> Decimal | None:
        return self.active_rate(3)

    @property
    def active_6_rate(self) -> Decimal | None:
        return self.active_rate(6)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of the API."""
        return {
            "key": self.key,
            "label": self.label,
            "events": self.events,
            "reached": self.reached,
            "registered": self.registered,
            "registered_without_nik": self.without_nik,
            "paid": self.paid,
            "due_3_months": self.due.get(3),
            "active_3_months": self.active.get(3),
            "due_6_months": self.due.get(6),
            "active_6_months": self.active.get(6),
        }


@dataclass(frozen=True)
class FunnelReport:
    """The funnel rows of one grouping, their total and the snapshot the last stages use."""

    group: FunnelGroup
    rows: list[FunnelRow]
    total: FunnelRow
    snapshot: Snapshot | None
    snapshots_used: tuple[date, ...] = ()

    @property
    def has_snapshot(self) -> bool:
        """Return whether the paid and active stages could be computed."""
        return self.snapshot is not None


@dataclass(frozen=True)
class _Registration:
    group: str
    nik: str
    registered_on: date


def _nik(row: Mapping[str, Any]) -> str:
    if row["worker__nik_status"] == NikStatus.VALID:
        return str(row["worker__nik"])
    # A record merged into another is followed by the survivor's NIK.
    if row["worker__merged_into__nik_status"] == NikStatus.VALID:
        return str(row["worker__merged_into__nik"])
    return ""


def _group_key(group: FunnelGroup, event: Mapping[str, Any]) -> tuple[str, str]:
    if group is FunnelGroup.VILLAGE:
        parent = event["region__parent__name"] or ""
        return event["region_id"], f"{event['region__name']} ({parent})" if parent else event[
            "region__name"
        ]
    if group is FunnelGroup.CADRE:
        if event["organiser_cadre_id"] is None:
            return "", _("Organised by officers")
        return str(event["organiser_cadre_id"]), str(event["organiser_cadre__name"])
    if group is FunnelGroup.EVENT:
        return str(event["pk"]), f"{event['title']} ({event['held_on'].isoformat()})"
    sector = str(event["sector"])
    label = Sector(sector).label if sector in Sector.values else sector
    return sector, str(label)


def conversion_funnel(
    *,
    actor: User,
    group: FunnelGroup | str = FunnelGroup.VILLAGE,
    filters: selectors.EventFilters | None = None,
) -> FunnelReport:
    """Return the funnel of the readable events matching FILTERS, grouped by GROUP."""
    grouping = FunnelGroup(group)
    events = selectors.filter_events(
        selectors.readable_events(actor=actor), filters or selectors.EventFilters()
    )
    rows: dict[str, FunnelRow] = {}
    event_group: dict[int, str] = {}
    for event in events.values(
        "pk",
        "title",
        "held_on",
        "region_id",
        "region__name",
        "region__parent__name",
        "organiser_cadre_id",
        "organiser_cadre__name",
        "sector",
        "attendance_count",
    ):
        key, label = _group_key(grouping, event)
        row = rows.setdefault(key, FunnelRow(key=key, label=label))
        row.events += 1
        row.reached += int(event["attendance_count"])
        event_group[int(event["pk"])] = key
    registrations: list[_Registration] = []
    for reg in EventRegistration.objects.filter(event__in=events.values("pk")).values(
        "event_id",
        "registered_on",
        "worker__nik",
        "worker__nik_status",
        "worker__merged_into__nik",
        "worker__merged_into__nik_status",
    ):
        key = event_group[int(reg["event_id"])]
        nik = _nik(reg)
        rows[key].registered += 1
        if nik:
            rows[key].matchable += 1
            registrations.append(_Registration(key, nik, reg["registered_on"]))
    loaded = list(participant_selectors.loaded_snapshots())
    used: set[date] = set()
    if loaded:
        _snapshot_stages(rows, registrations, loaded, used)
    ordered = sorted(rows.values(), key=lambda r: (-r.reached, -r.registered, r.label))
    return FunnelReport(
        group=grouping,
        rows=ordered,
        total=_total(ordered, has_snapshot=bool(loaded)),
        snapshot=loaded[0] if loaded else None,
        snapshots_used=tuple(sorted(used)),
    )


def _snapshot_stages(
    rows: dict[str, FunnelRow],
    registrations: list[_Registration],
    loaded: list[Snapshot],
    used: set[date],
) -> None:
    latest = loaded[0]
    for row in rows.values():
        row.paid = 0
        row.due = dict.fromkeys(MILESTONES, 0)
        row.active = dict.fromkeys(MILESTONES, 0)
    if not registrations:
        return
    used.add(latest.extract_date)
    in_latest = participant_selectors.participants_by_nik(
        snapshot=latest, niks=[r.nik for r in registrations]
    )
    for reg in registrations:
        found = in_latest.get(reg.nik)
        paid = found.last_paid_month if found is not None else None
        if paid is not None and paid >= reg.registered_on.replace(day=1):
            rows[reg.group].paid = (rows[reg.group].paid or 0) + 1
    ascending = sorted(loaded, key=lambda s: (s.extract_date, s.pk))
    for months in MILESTONES:
        by_snapshot: dict[int, list[_Registration]] = defaultdict(list)
        snapshot_of: dict[int, Snapshot] = {}
        for reg in registrations:
            milestone = add_months(reg.registered_on, months)
            if milestone > latest.extract_date:
                continue  # too recent to judge
            first = next(s for s in ascending if s.extract_date >= milestone)
            by_snapshot[first.pk].append(reg)
            snapshot_of[first.pk] = first
        for snapshot_pk, regs in by_snapshot.items():
            snapshot = snapshot_of[snapshot_pk]
            used.add(snapshot.extract_date)
            found_by_nik = participant_selectors.participants_by_nik(
                snapshot=snapshot, niks=[r.nik for r in regs]
            )
            for reg in regs:
                row = rows[reg.group]
                row.due[months] = (row.due.get(months) or 0) + 1
                participant = found_by_nik.get(reg.nik)
                if participant is not None and participant.standing == Standing.COVERED:
                    row.active[months] = (row.active.get(months) or 0) + 1


def _total(rows: list[FunnelRow], *, has_snapshot: bool) -> FunnelRow:
    total = FunnelRow(key="", label=_("Total"))
    for row in rows:
        total.events += row.events
        total.reached += row.reached
        total.registered += row.registered
        total.matchable += row.matchable
    if has_snapshot:
        total.paid = sum(row.paid or 0 for row in rows)
        total.due = {m: sum(row.due.get(m) or 0 for row in rows) for m in MILESTONES}
        total.active = {m: sum(row.active.get(m) or 0 for row in rows) for m in MILESTONES}
    return total
