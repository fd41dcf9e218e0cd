"""Reads of outreach: cadres, targets and their progress, events, registrations and the
follow-up list, all scoped to the actor's region (R12).

Cadres see their own village or district, regency officers their regency, provincial roles
the province. Absent and out-of-scope objects raise the same ``…NotFound``. The conversion
funnel lives in ``funnel.py`` and the budget reads in ``budget_selectors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import polars as pl
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import (
    PROVINCE_WIDE_ROLES,
    Perm,
    has_perm,
    region_in_scope,
    region_scope_q,
)
from lindung.outreach.errors import (
    AttendeeNotFound,
    CadreNotFound,
    EventNotFound,
    FollowUpNotFound,
    PhotoNotFound,
    RegistrationNotFound,
    TargetNotFound,
)
from lindung.outreach.models import (
    Cadre,
    EventAttendee,
    EventPhoto,
    EventRegistration,
    FollowUpContact,
    OutreachTarget,
    SocializationEvent,
    TargetMetric,
)
from lindung.participants import selectors as participant_selectors
from lindung.participants.models import Snapshot
from lindung.regions.models import Region, RegionLevel
from lindung.workers import selectors as worker_selectors
from lindung.workers.models import Source

PAGE_SIZE = 50
BPU = "bpu"
LAPSED = "lapsed"

# ----------------------------------------------------------------------------- permissions


def can_read_outreach(actor: User) -> bool:
    """Return whether the actor may see outreach pages (provincial roles read them all)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return has_perm(actor, Perm.MANAGE_OUTREACH) or actor.role in PROVINCE_WIDE_ROLES


def can_record_outreach(actor: User) -> bool:
    """Return whether the actor may record events, registrations and follow-up contacts."""
    return has_perm(actor, Perm.MANAGE_OUTREACH)


def can_manage_cadres(actor: User) -> bool:
    """Return whether the actor may add cadres and set targets (officers, not cadres)."""
    return has_perm(actor, Perm.MANAGE_OUTREACH) and actor.role != Role.VILLAGE_CADRE


def can_reveal(actor: User) -> bool:
    """Return whether the actor may reveal attendee and participant personal data."""
    return has_perm(actor, Perm.REVEAL_PERSONAL_DATA)


class RevealScope(StrEnum):
    """What a reveal on the follow-up list shows: everything, or the name only (cadres)."""

    FULL = "full"
    NAME = "name"


def reveal_scope(actor: User) -> RevealScope | None:
    """Return what the actor may reveal of a follow-up participant (None: nothing)."""
    if can_reveal(actor):
        return RevealScope.FULL
    if has_perm(actor, Perm.REVEAL_FOR_FOLLOW_UP):
        return RevealScope.NAME
    return None


def _in_scope[M: (Cadre, SocializationEvent, OutreachTarget, FollowUpContact)](
    qs: QuerySet[M], actor: User, fld: str
) -> QuerySet[M]:
    if not can_read_outreach(actor):
        return qs.none()
    if actor.role in PROVINCE_WIDE_ROLES:
        return qs
    return qs.filter(region_scope_q(actor, fld))


def _pk(value: object) -> int:
    return int(str(value))


# ----------------------------------------------------------------------------- cadres


def readable_cadres(*, actor: User) -> QuerySet[Cadre]:
    """Return the cadres whose working area lies in the actor's scope."""
    return _in_scope(
        Cadre.objects.select_related("region", "region__parent"), actor, "region__code"
    )


def access_cadre(*, actor: User, cadre_id: object) -> Cadre:
    """Return one readable cadre or raise ``CadreNotFound``."""
    try:
        return readable_cadres(actor=actor).select_related("user").get(pk=_pk(cadre_id))
    except (Cadre.DoesNotExist, ValueError, TypeError):
        raise CadreNotFound() from None


def cadre_of(*, actor: User) -> Cadre | None:
    """Return the actor's own active cadre profile, if they have one."""
    if not actor.is_authenticated:
        return None
    return Cadre.objects.select_related("region").filter(user_id=actor.pk, is_active=True).first()


@dataclass(frozen=True)
class CadreFilters:
    region: str = ""
    active: str = ""
    query: str = ""


def cadre_list(*, actor: User, filters: CadreFilters | None = None) -> QuerySet[Cadre]:
    """Return readable cadres matching the filters, with their event and registration counts."""
    f = filters or CadreFilters()
    cadres = readable_cadres(actor=actor)
    if f.region:
        cadres = cadres.filter(Q(region_id=f.region) | Q(region__code__startswith=f.region + "."))
    if f.active in {"1", "0"}:
        cadres = cadres.filter(is_active=f.active == "1")
    if f.query:
        cadres = cadres.filter(name__icontains=f.query.strip())
    return cadres.annotate(
        event_count=Count("events", distinct=True),
        registration_count=Count("registrations", distinct=True),
    ).order_by("name", "pk")


def organiser_choices(*, actor: User, village_code: str = "") -> QuerySet[Cadre]:
    """Return the active cadres the actor may name as an event's organiser."""
    cadres = readable_cadres(actor=actor).filter(is_active=True)
    if actor.role == Role.VILLAGE_CADRE:
        own = cadre_of(actor=actor)
        return cadres.filter(pk=own.pk) if own is not None else cadres.none()
    return cadres.order_by("name")


def outreach_villages(*, actor: User) -> QuerySet[Region]:
    """Return the villages in the actor's scope, with their district."""
    villages = Region.objects.defer("boundary").filter(level=RegionLevel.VILLAGE)
    if actor.role not in PROVINCE_WIDE_ROLES:
        villages = villages.filter(region_scope_q(actor, "code"))
    return villages.select_related("parent").order_by("code")


def outreach_areas(*, actor: User) -> QuerySet[Region]:
    """Return the districts and villages in the actor's scope (a cadre's working area)."""
    areas = Region.objects.defer("boundary").filter(
        level__in=[RegionLevel.DISTRICT, RegionLevel.VILLAGE]
    )
    if actor.role not in PROVINCE_WIDE_ROLES:
        areas = areas.filter(region_scope_q(actor, "code"))
    return areas.select_related("parent").order_by("code")


def scope_regions(*, actor: User) -> QuerySet[Region]:
    """Return the regencies (or, for a cadre, the districts) to filter lists by."""
    if actor.role == Role.VILLAGE_CADRE:
        return outreach_areas(actor=actor)
    regions = Region.objects.defer("boundary").filter(level=RegionLevel.REGENCY)
    if actor.role not in PROVINCE_WIDE_ROLES:
        regions = regions.filter(region_scope_q(actor, "code"))
    return regions.order_by("code")


# ----------------------------------------------------------------------------- targets


def readable_targets(*, actor: User) -> QuerySet[OutreachTarget]:
    """Return the targets of readable cadres and of villages in the actor's scope."""
    targets = OutreachTarget.objects.select_related("cadre", "cadre__region", "region")
    if not can_read_outreach(actor):
        return targets.none()
    if actor.role in PROVINCE_WIDE_ROLES:
        return targets
    return targets.filter(
        region_scope_q(actor, "cadre__region__code") | region_scope_q(actor, "region__code")
    )


def access_target(*, actor: User, target_id: object) -> OutreachTarget:
    """Return one readable target or raise ``TargetNotFound``."""
    try:
        return readable_targets(actor=actor).get(pk=_pk(target_id))
    except (OutreachTarget.DoesNotExist, ValueError, TypeError):
        raise TargetNotFound() from None


@dataclass(frozen=True)
class TargetProgress:
    """A target with what has been achieved in its period so far."""

    target: OutreachTarget
    achieved: int

    @property
    def percent(self) -> int:
        """Return the share achieved, in whole percent (may pass 100)."""
        return round(100 * self.achieved / self.target.value) if self.target.value else 0

    @property
    def bar(self) -> int:
        """Return the share achieved capped at 100, for a progress bar."""
        return min(100, self.percent)


def _registrations_for_cadre(actor: User, target: OutreachTarget) -> int:
    cadre = target.cadre
    assert cadre is not None  # noqa: S101 - the caller checked
    credited = set(
        EventRegistration.objects.filter(
            cadre=cadre, registered_on__range=(target.period_start, target.period_end)
        ).values_list("worker_id", flat=True)
    )
    if cadre.user_id is not None:
        # Workers the cadre registered outside any event count too, once.
        credited.update(
            worker_selectors.readable_workers(actor=actor)
            .filter(
                registered_by_id=cadre.user_id,
                merged_into__isnull=True,
                created_at__date__range=(target.period_start, target.period_end),
            )
            .values_list("pk", flat=True)
        )
    return len(credited)


def _registrations_for_village(actor: User, target: OutreachTarget) -> int:
    period = (target.period_start, target.period_end)
    credited = set(
        EventRegistration.objects.filter(
            event__region_id=target.region_id, registered_on__range=period
        ).values_list("worker_id", flat=True)
    )
    credited.update(
        worker_selectors.readable_workers(actor=actor)
        .filter(
            region_id=target.region_id,
            source=Source.CADRE_REGISTRATION,
            merged_into__isnull=True,
            created_at__date__range=period,
        )
        .values_list("pk", flat=True)
    )
    return len(credited)


def achieved(*, actor: User, target: OutreachTarget) -> int:
    """Return what a target's cadre or village achieved in the target's period.

    Registrations count each worker once: those credited to the cadre's (or the village's)
    events, plus those the cadre registered outside events (for a village: those registered
    by cadres with their domicile there). People reached is the attendance of the events
    organised by the cadre (held in the village).
    """
    if target.metric == TargetMetric.REGISTRATIONS:
        if target.cadre_id is not None:
            return _registrations_for_cadre(actor, target)
        return _registrations_for_village(actor, target)
    events = SocializationEvent.objects.filter(
        held_on__range=(target.period_start, target.period_end)
    )
    if target.cadre_id is not None:
        events = events.filter(organiser_cadre_id=target.cadre_id)
    else:
        events = events.filter(region_id=target.region_id)
    if target.metric == TargetMetric.EVENTS:
        return events.count()
    return int(events.aggregate(total=Sum("attendance_count"))["total"] or 0)


def target_progress(
    *, actor: User, targets: QuerySet[OutreachTarget] | list[OutreachTarget]
) -> list[TargetProgress]:
    """Return each target with its achievement."""
    return [TargetProgress(target=t, achieved=achieved(actor=actor, target=t)) for t in targets]


def my_targets(*, actor: User, today: date) -> list[TargetProgress]:
    """Return the targets of the actor's cadre profile and of villages in their area whose
    period has not ended more than a year ago, current ones first."""
    own = cadre_of(actor=actor)
    targets = readable_targets(actor=actor).filter(period_end__gte=date(today.year - 1, 1, 1))
    mine = Q(region_id__isnull=False)
    if own is not None:
        mine |= Q(cadre=own)
    chosen = targets.filter(mine).order_by("-period_end", "metric", "pk")
    current = [t for t in chosen if t.period_start <= today <= t.period_end]
    others = [t for t in chosen if not t.period_start <= today <= t.period_end]
    return target_progress(actor=actor, targets=current + others)


# ----------------------------------------------------------------------------- events


def readable_events(*, actor: User) -> QuerySet[SocializationEvent]:
    """Return the events held in villages in the actor's scope."""
    return _in_scope(
        SocializationEvent.objects.select_related(
            "region", "region__parent", "organiser_cadre", "organiser_user"
        ),
        actor,
        "region__code",
    )


def access_event(*, actor: User, event_id: object) -> SocializationEvent:
    """Return one readable event or raise ``EventNotFound``."""
    try:
        return readable_events(actor=actor).get(pk=_pk(event_id))
    except (SocializationEvent.DoesNotExist, ValueError, TypeError):
        raise EventNotFound() from None


@dataclass(frozen=True)
class EventFilters:
    region: str = ""
    sector: str = ""
    cadre_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""


def filter_events(
    events: QuerySet[SocializationEvent], f: EventFilters
) -> QuerySet[SocializationEvent]:
    """Return EVENTS narrowed by the filters (region prefix, sector, cadre, dates, title)."""
    if f.region:
        events = events.filter(Q(region_id=f.region) | Q(region__code__startswith=f.region + "."))
    if f.sector:
        events = events.filter(sector=f.sector)
    if f.cadre_id:
        events = events.filter(organiser_cadre_id=f.cadre_id)
    if f.date_from:
        events = events.filter(held_on__gte=f.date_from)
    if f.date_to:
        events = events.filter(held_on__lte=f.date_to)
    if f.query:
        events = events.filter(Q(title__icontains=f.query.strip()) | Q(place__icontains=f.query))
    return events


def event_list(*, actor: User, filters: EventFilters | None = None) -> QuerySet[SocializationEvent]:
    """Return readable events matching the filters, newest first, with registration counts."""
    events = filter_events(readable_events(actor=actor), filters or EventFilters())
    return events.annotate(registration_count=Count("registrations")).order_by("-held_on", "-pk")


def event_attendees(*, actor: User, event: SocializationEvent) -> QuerySet[EventAttendee]:
    """Return a readable event's attendance list (show masked unless revealed)."""
    return EventAttendee.objects.filter(event=event).order_by("pk")


def access_attendee(*, actor: User, attendee_id: object) -> EventAttendee:
    """Return one attendee of a readable event or raise ``AttendeeNotFound``."""
    try:
        return EventAttendee.objects.select_related("event").get(
            pk=_pk(attendee_id), event__in=readable_events(actor=actor)
        )
    except (EventAttendee.DoesNotExist, ValueError, TypeError):
        raise AttendeeNotFound() from None


def event_photos(*, actor: User, event: SocializationEvent) -> QuerySet[EventPhoto]:
    """Return a readable event's photos."""
    return EventPhoto.objects.filter(event=event).order_by("pk")


def access_photo(*, actor: User, photo_id: object) -> EventPhoto:
    """Return one photo of a readable event or raise ``PhotoNotFound``."""
    try:
        return EventPhoto.objects.select_related("event").get(
            pk=_pk(photo_id), event__in=readable_events(actor=actor)
        )
    except (EventPhoto.DoesNotExist, ValueError, TypeError):
        raise PhotoNotFound() from None


def readable_registrations(*, actor: User) -> QuerySet[EventRegistration]:
    """Return the registrations credited to readable events."""
    return EventRegistration.objects.filter(event__in=readable_events(actor=actor)).select_related(
        "event", "cadre", "worker", "worker__region"
    )


def event_registrations(*, actor: User, event: SocializationEvent) -> QuerySet[EventRegistration]:
    """Return a readable event's registrations with their workers (show masked)."""
    return (
        EventRegistration.objects.filter(event=event)
        .select_related("worker", "worker__region", "cadre")
        .order_by("-registered_on", "-pk")
    )


def access_registration(*, actor: User, registration_id: object) -> EventRegistration:
    """Return one registration of a readable event or raise ``RegistrationNotFound``."""
    try:
        return readable_registrations(actor=actor).get(pk=_pk(registration_id))
    except (EventRegistration.DoesNotExist, ValueError, TypeError):
        raise RegistrationNotFound() from None


def registration_of_worker(*, worker_id: int) -> EventRegistration | None:
    """Return the event a worker is credited to, if any (for the one-credit rule)."""
    return EventRegistration.objects.select_related("event").filter(worker_id=worker_id).first()


def linkable_workers(
    *, actor: User, event: SocializationEvent, nik: str = "", query: str = ""
) -> list[object]:
    """Return readable, not yet credited workers registered on or after the event, found by
    exact NIK or name (at most 20)."""
    if not (nik or query):
        return []
    workers = worker_selectors.worker_list(
        actor=actor, filters=worker_selectors.WorkerFilters(nik=nik, query=query)
    )
    return list(
        workers.filter(created_at__date__gte=event.held_on, outreach_registration__isnull=True)[:20]
    )


def events_for_registration(*, actor: User, today: date) -> QuerySet[SocializationEvent]:
    """Return the recent readable events (last 120 days) a new worker may be credited to."""
    since = date.fromordinal(today.toordinal() - 120)
    events = readable_events(actor=actor).filter(held_on__range=(since, today))
    own = cadre_of(actor=actor)
    if actor.role == Role.VILLAGE_CADRE and own is not None:
        events = events.filter(Q(organiser_cadre=own) | Q(organiser_user=actor))
    return events.order_by("-held_on", "-pk")


# ----------------------------------------------------------------------------- follow-up


def readable_contacts(*, actor: User) -> QuerySet[FollowUpContact]:
    """Return the follow-up contacts logged for participants in the actor's scope."""
    return _in_scope(
        FollowUpContact.objects.select_related("contacted_by", "cadre"), actor, "region_code"
    )


@dataclass(frozen=True)
class FollowUpRow:
    """One lapsed BPU participant to follow up, with the last contact logged."""

    kpj: str
    nik: str
    name: str
    birth_date: str
    region_code: str
    region_name: str
    last_paid_month: str
    last_contact: FollowUpContact | None = None
    contacts: int = 0


@dataclass(frozen=True)
class FollowUpList:
    """Lapsed BPU participants of one area in the newest loaded snapshot."""

    snapshot: Snapshot | None
    region: Region | None
    rows: list[FollowUpRow] = field(default_factory=list)
    total: int = 0


def followup_region(*, actor: User, code: str = "") -> Region | None:
    """Return the area whose follow-up list to show: the code asked for if in scope, else
    the actor's own scope when it is a district or a village."""
    candidate = code or (actor.region_code if actor.region_code.count(".") >= 2 else "")
    if not candidate or not region_in_scope(actor, candidate):
        return None
    region = Region.objects.defer("boundary").filter(code=candidate).first()
    if region is None or region.level not in {RegionLevel.DISTRICT, RegionLevel.VILLAGE}:
        return None
    return region


def followup_list(*, actor: User, region: Region | None, limit: int = 500) -> FollowUpList:
    """Return the lapsed BPU participants of a district or village in the newest loaded
    snapshot, most recently lapsed first, each with the last contact logged.

    Rows carry personal data: templates show them masked unless a reveal is audited.
    """
    snapshot = participant_selectors.latest_snapshot()
    if snapshot is None or region is None or not can_read_outreach(actor):
        return FollowUpList(snapshot=snapshot, region=region)
    frame = participant_selectors.snapshot_frame(snapshot=snapshot, region_code=region.code)
    lapsed = frame.filter((pl.col("segment") == BPU) & (pl.col("standing") == LAPSED)).sort(
        ["last_paid_month", "kpj"], descending=[True, False], nulls_last=True
    )
    total = lapsed.height
    rows = lapsed.head(limit).to_dicts()
    kpjs = [str(r["kpj"]) for r in rows]
    last: dict[str, FollowUpContact] = {}
    counts: dict[str, int] = {}
    for contact in (
        readable_contacts(actor=actor).filter(kpj__in=kpjs).order_by("kpj", "-contacted_on", "-pk")
    ):
        last.setdefault(contact.kpj, contact)
        counts[contact.kpj] = counts.get(contact.kpj, 0) + 1
    codes = {str(r["region_code"] or "") for r in rows}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return FollowUpList(
        snapshot=snapshot,
        region=region,
        total=total,
        rows=[
            FollowUpRow(
                kpj=str(r["kpj"]),
                nik=str(r["nik"] or ""),
                name=str(r["name"] or ""),
                birth_date=str(r["birth_date"] or ""),
                region_code=str(r["region_code"] or ""),
                region_name=names.get(str(r["region_code"] or ""), ""),
                last_paid_month=str(r["last_paid_month"] or "")[:7],
                last_contact=last.get(str(r["kpj"])),
                contacts=counts.get(str(r["kpj"]), 0),
            )
            for r in rows
        ],
    )


def followup_participant(*, actor: User, kpj: str) -> FollowUpRow:
    """Return one lapsed BPU participant in the actor's scope from the newest snapshot, or
    raise ``FollowUpNotFound`` (absent, not lapsed and out of scope look the same)."""
    snapshot = participant_selectors.latest_snapshot()
    kpj = "".join(kpj.split())
    if snapshot is None or not kpj or not can_read_outreach(actor):
        raise FollowUpNotFound()
    if participant_selectors.can_read_participants(actor):
        found = (
            participant_selectors.search_participants(actor=actor, snapshot=snapshot, query=kpj)
            .filter(kpj=kpj, segment=BPU, standing=LAPSED)
            .values("nik", "name", "birth_date", "last_paid_month", "region_code")
            .first()
        )
        row: dict[str, object] | None = dict(found) if found else None
    else:
        # Cadres do not read participant rows in general; their follow-up list is the one
        # place they see lapsed participants of their own area (masked).
        frame = participant_selectors.snapshot_frame(
            snapshot=snapshot, region_code=actor.region_code
        ).filter(
            (pl.col("kpj") == kpj) & (pl.col("segment") == BPU) & (pl.col("standing") == LAPSED)
        )
        row = None if frame.is_empty() else frame.row(0, named=True)
    code = str(row["region_code"] or "") if row else ""
    if row is None or not code or not region_in_scope(actor, code):
        raise FollowUpNotFound()
    region = Region.objects.defer("boundary").filter(code=code).first()
    return FollowUpRow(
        kpj=kpj,
        nik=str(row["nik"] or ""),
        name=str(row["name"] or ""),
        birth_date=str(row["birth_date"] or ""),
        region_code=code,
        region_name=region.name if region else "",
        last_paid_month=str(row["last_paid_month"] or "")[:7],
    )


def contact_history(*, actor: User, kpj: str) -> QuerySet[FollowUpContact]:
    """Return the contacts logged for one participant in the actor's scope, newest first."""
    return readable_contacts(actor=actor).filter(kpj=kpj).order_by("-contacted_on", "-pk")


def due_actions(*, actor: User, today: date) -> QuerySet[FollowUpContact]:
    """Return the latest contact per participant whose next action falls due by TODAY."""
    newest = (
        FollowUpContact.objects.filter(kpj=OuterRef("kpj"))
        .order_by("-contacted_on", "-pk")
        .values("pk")[:1]
    )
    return (
        readable_contacts(actor=actor)
        .filter(pk=Subquery(newest), next_action_on__lte=today)
        .order_by("next_action_on", "pk")
    )


def event_summary(*, event: SocializationEvent) -> dict[str, int]:
    """Return an event's attendee, photo and registration counts."""
    return {
        "attendees": EventAttendee.objects.filter(event=event).count(),
        "photos": EventPhoto.objects.filter(event=event).count(),
        "registrations": EventRegistration.objects.filter(event=event).count(),
    }
