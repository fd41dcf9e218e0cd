"""Writes of outreach: cadres, targets, events with their attendees and photos, registrations
credited to events, follow-up contacts and audited reveals.

Each public use case is one durable transaction that writes its audit rows (R5, R13);
``register_worker_at_event`` runs the worker registry's registration inside its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import region_in_scope
from lindung.core.errors import FieldError
from lindung.core.masking import mask_birth_date, mask_identifier, mask_name, mask_phone
from lindung.outreach import images, selectors
from lindung.outreach.errors import (
    AttendeesInvalid,
    CadreAlreadyLinked,
    CadreInvalid,
    CadreNotFound,
    ContactInvalid,
    EventHasRegistrations,
    EventInvalid,
    FollowUpRevealLimited,
    OutreachNotAllowed,
    PhotoRefused,
    RegistrationInvalid,
    TargetExists,
    TargetInvalid,
    WorkerAlreadyCredited,
)
from lindung.outreach.models import (
    Cadre,
    CadreKind,
    ContactChannel,
    ContactOutcome,
    EventAttendee,
    EventPhoto,
    EventRegistration,
    FollowUpContact,
    OutreachTarget,
    SocializationEvent,
    TargetMetric,
    photo_path,
)
from lindung.outreach.periods import PeriodInvalid, parse_period
from lindung.participants import selectors as participant_selectors
from lindung.regions.models import Region, RegionLevel, is_within
from lindung.workers import selectors as worker_selectors
from lindung.workers import services as worker_services
from lindung.workers.models import NikStatus, Sector

# A worker registered up to this many days after an event is credited to it.
ATTRIBUTION_DAYS = 90
MAX_ATTENDANCE = 100_000
MAX_PHOTOS_PER_EVENT = 20
MAX_ATTENDEES_PER_BATCH = 500
FIRST_EVENT_DATE = date(2015, 7, 1)
_PHONE = re.compile(r"\+?\d{8,16}")

CADRE_FIELDS = ("name", "kind", "region_id", "user_id", "phone", "is_active")
TARGET_FIELDS = ("cadre_id", "region_id", "metric", "period", "value")
EVENT_FIELDS = (
    "title",
    "held_on",
    "region_id",
    "place",
    "organiser_cadre_id",
    "organiser_user_id",
    "sector",
    "attendance_count",
    "materials",
    "notes",
)
CONTACT_FIELDS = (
    "kpj",
    "region_code",
    "contacted_on",
    "channel",
    "outcome",
    "next_action",
    "next_action_on",
)


def _require_record(actor: User) -> None:
    if not selectors.can_record_outreach(actor):
        raise OutreachNotAllowed()


def _require_manage(actor: User) -> None:
    if not selectors.can_manage_cadres(actor):
        raise OutreachNotAllowed()


def _audit(
    actor: User | None,
    action: str,
    entity_type: str,
    entity_id: object,
    region_code: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    account_services.record_audit(
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        region_code=region_code,
        changes=account_services.diff_fields(before or {}, after or {}),
        note=note,
    )


def _region(code: str) -> Region | None:
    return Region.objects.defer("boundary").filter(code=(code or "").strip()).first()


def _scope_error(loc: str, actor: User) -> FieldError:
    return FieldError(
        (loc,),
        _("The region lies outside your area (%(region)s).") % {"region": actor.region_code},
        "out_of_scope",
    )


def _clean_phone(raw: str, errors: list[FieldError]) -> str:
    phone = (raw or "").strip().replace(" ", "").replace("-", "")
    if phone and not _PHONE.fullmatch(phone):
        errors.append(FieldError(("phone",), _("Not a phone number."), "invalid"))
    return phone


# ----------------------------------------------------------------------------- cadres


@dataclass
class CadreInput:
    """A cadre as entered; ``username`` links a village cadre login (optional)."""

    name: str
    region_code: str
    kind: str = CadreKind.VILLAGE_OFFICIAL
    phone: str = ""
    username: str = ""
    is_active: bool = True


def _apply_cadre(actor: User, cadre: Cadre, data: CadreInput) -> list[FieldError]:
    errors: list[FieldError] = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(FieldError(("name",), _("The name is required."), "required"))
    if data.kind not in CadreKind.values:
        errors.append(
            FieldError(("kind",), _("Not an allowed value: %(value)s.") % {"value": data.kind})
        )
    region = _region(data.region_code)
    if region is None or region.level not in {RegionLevel.DISTRICT, RegionLevel.VILLAGE}:
        errors.append(
            FieldError(
                ("region_code",),
                _("Choose the village or district the cadre works in."),
                "unknown_region",
            )
        )
    elif not region_in_scope(actor, region.code):
        errors.append(_scope_error("region_code", actor))
    phone = _clean_phone(data.phone, errors)
    user: User | None = None
    username = data.username.strip()
    if username:
        user = account_selectors.find_user(username=username)
        if user is None or user.role != Role.VILLAGE_CADRE or not user.is_active:
            errors.append(
                FieldError(
                    ("username",),
                    _("No active village cadre login is called %(username)s.")
                    % {"username": username},
                    "unknown_user",
                )
            )
            user = None
        elif not region_in_scope(actor, user.region_code):
            errors.append(_scope_error("username", actor))
        elif region is not None and not is_within(region.code, user.region_code):
            errors.append(
                FieldError(
                    ("username",),
                    _(
                        "The login's area (%(login)s) does not contain the cadre's working "
                        "area; the cadre would not see their own events."
                    )
                    % {"login": user.region_code},
                    "scope_mismatch",
                )
            )
    cadre.name = name[:200]
    cadre.kind = data.kind
    if region is not None:
        cadre.region = region
    cadre.phone = phone
    cadre.user = user
    cadre.is_active = data.is_active
    return errors


def _save_cadre(cadre: Cadre) -> None:
    try:
        with transaction.atomic():
            cadre.save()
    except IntegrityError:
        raise CadreAlreadyLinked(
            errors=[FieldError(("username",), str(CadreAlreadyLinked().message), "taken")]
        ) from None


def _cadre_view(cadre: Cadre) -> dict[str, Any]:
    view = account_services.snapshot(cadre, CADRE_FIELDS)
    view["phone"] = mask_phone(cadre.phone)
    return view


@transaction.atomic(durable=True)
def create_cadre(*, actor: User, data: CadreInput) -> Cadre:
    """Add a cadre in the actor's area, optionally linked to a village cadre login."""
    _require_manage(actor)
    cadre = Cadre(created_by=actor)
    errors = _apply_cadre(actor, cadre, data)
    if errors:
        raise CadreInvalid(errors=errors)
    _save_cadre(cadre)
    _audit(
        actor, "outreach.cadre.create", "cadre", cadre.pk, cadre.region_id, {}, _cadre_view(cadre)
    )
    return cadre


@transaction.atomic(durable=True)
def update_cadre(*, actor: User, cadre_id: int, data: CadreInput) -> Cadre:
    """Change a cadre (including deactivating them); audited."""
    _require_manage(actor)
    cadre = selectors.access_cadre(actor=actor, cadre_id=cadre_id)
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    before = _cadre_view(cadre)
    errors = _apply_cadre(actor, cadre, data)
    if errors:
        raise CadreInvalid(errors=errors)
    after = _cadre_view(cadre)
    if after != before:
        _save_cadre(cadre)
        _audit(actor, "outreach.cadre.update", "cadre", cadre.pk, cadre.region_id, before, after)
    return cadre


# ----------------------------------------------------------------------------- targets


@dataclass
class TargetInput:
    """A target for a cadre (``cadre_id``) or a village (``region_code``)."""

    metric: str
    period: str
    value: int
    cadre_id: int | None = None
    region_code: str = ""


@transaction.atomic(durable=True)
def set_target(*, actor: User, data: TargetInput) -> OutreachTarget:
    """Set a cadre's or a village's target for a period (a second one is refused)."""
    _require_manage(actor)
    errors: list[FieldError] = []
    target = OutreachTarget(created_by=actor)
    if data.metric not in TargetMetric.values:
        errors.append(FieldError(("metric",), _("Choose what the target measures."), "invalid"))
    try:
        period = parse_period(data.period)
    except PeriodInvalid as exc:
        errors.append(FieldError(("period",), exc.message, "invalid"))
    else:
        target.period = period.code
        target.period_start, target.period_end = period.start, period.end
    if not isinstance(data.value, int) or not 1 <= data.value <= 1_000_000:
        errors.append(
            FieldError(("value",), _("The target must be a whole number from 1."), "invalid")
        )
    if (data.cadre_id is None) == (not data.region_code):
        errors.append(
            FieldError(("cadre_id",), _("Set the target for a cadre or for a village."), "invalid")
        )
    elif data.cadre_id is not None:
        try:
            target.cadre = selectors.access_cadre(actor=actor, cadre_id=data.cadre_id)
        except CadreNotFound:
            errors.append(FieldError(("cadre_id",), _("Cadre not found."), "not_found"))
    else:
        region = _region(data.region_code)
        if region is None or region.level != RegionLevel.VILLAGE:
            errors.append(FieldError(("region_code",), _("Choose a village."), "unknown_region"))
        elif not region_in_scope(actor, region.code):
            errors.append(_scope_error("region_code", actor))
        else:
            target.region = region
    if errors:
        raise TargetInvalid(errors=errors)
    target.metric = data.metric
    target.value = data.value
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise TargetExists() from None
    region_code = target.region_id or (target.cadre.region_id if target.cadre else "")
    _audit(
        actor,
        "outreach.target.set",
        "outreach_target",
        target.pk,
        region_code or "",
        {},
        account_services.snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic(durable=True)
def change_target(*, actor: User, target_id: int, value: int) -> OutreachTarget:
    """Change a target's value; audited."""
    _require_manage(actor)
    target = selectors.access_target(actor=actor, target_id=target_id)
    if not isinstance(value, int) or not 1 <= value <= 1_000_000:
        raise TargetInvalid(
            errors=[
                FieldError(("value",), _("The target must be a whole number from 1."), "invalid")
            ]
        )
    before = {"value": target.value}
    if value != target.value:
        target.value = value
        target.save(update_fields=["value", "updated_at"])
        region_code = target.region_id or (target.cadre.region_id if target.cadre else "")
        _audit(
            actor,
            "outreach.target.update",
            "outreach_target",
            target.pk,
            region_code or "",
            before,
            {"value": value},
        )
    return target


@transaction.atomic(durable=True)
def remove_target(*, actor: User, target_id: int) -> None:
    """Delete a target; the audit row keeps what it was."""
    _require_manage(actor)
    target = selectors.access_target(actor=actor, target_id=target_id)
    before = account_services.snapshot(target, TARGET_FIELDS)
    region_code = target.region_id or (target.cadre.region_id if target.cadre else "")
    pk = target.pk
    target.delete()
    _audit(actor, "outreach.target.delete", "outreach_target", pk, region_code or "", before, {})


# ----------------------------------------------------------------------------- events


@dataclass
class EventInput:
    """A socialization event as entered."""

    title: str
    held_on: date | None
    region_code: str
    place: str
    attendance_count: int
    sector: str = Sector.OTHER
    organiser_cadre_id: int | None = None
    materials: str = ""
    notes: str = ""


def _apply_event(
    actor: User, event: SocializationEvent, data: EventInput, *, today: date, listed: int
) -> list[FieldError]:
    errors: list[FieldError] = []
    title = " ".join(data.title.split())
    if not title:
        errors.append(FieldError(("title",), _("The title is required."), "required"))
    if data.held_on is None:
        errors.append(FieldError(("held_on",), _("The date is required."), "required"))
    elif data.held_on > today:
        errors.append(
            FieldError(("held_on",), _("Record an event once it has taken place."), "future")
        )
    elif data.held_on < FIRST_EVENT_DATE:
        errors.append(
            FieldError(
                ("held_on",),
                _("The date is before %(date)s.") % {"date": FIRST_EVENT_DATE.isoformat()},
                "too_early",
            )
        )
    place = " ".join(data.place.split())
    if not place:
        errors.append(FieldError(("place",), _("Say where the event took place."), "required"))
    region = _region(data.region_code)
    if region is None or region.level != RegionLevel.VILLAGE:
        errors.append(
            FieldError(("region_code",), _("Choose the village of the event."), "unknown_region")
        )
    elif not region_in_scope(actor, region.code):
        errors.append(_scope_error("region_code", actor))
    if data.sector not in Sector.values:
        errors.append(
            FieldError(("sector",), _("Not an allowed value: %(value)s.") % {"value": data.sector})
        )
    count = data.attendance_count
    if not isinstance(count, int) or not 0 <= count <= MAX_ATTENDANCE:
        errors.append(
            FieldError(
                ("attendance_count",),
                _("The attendance must be a whole number from 0 to %(max)s.")
                % {"max": MAX_ATTENDANCE},
                "invalid",
            )
        )
    elif count < listed:
        errors.append(
            FieldError(
                ("attendance_count",),
                _("The attendance cannot be lower than the %(listed)s people on the list.")
                % {"listed": listed},
                "below_list",
            )
        )
    cadre = _organiser(actor, data.organiser_cadre_id, region, errors)
    event.title = title[:200]
    event.held_on = data.held_on or today
    if region is not None:
        event.region = region
    event.place = place[:200]
    event.sector = data.sector
    event.attendance_count = count if isinstance(count, int) else 0
    event.materials = data.materials.strip()
    event.notes = data.notes.strip()
    event.organiser_cadre = cadre
    event.organiser_user = actor if cadre is None else event.organiser_user
    return errors


def _organiser(
    actor: User, cadre_id: int | None, region: Region | None, errors: list[FieldError]
) -> Cadre | None:
    own = selectors.cadre_of(actor=actor)
    if actor.role == Role.VILLAGE_CADRE:
        # A cadre records their own events; the organiser is their own profile (or them).
        if cadre_id is not None and (own is None or own.pk != cadre_id):
            errors.append(
                FieldError(
                    ("organiser_cadre_id",),
                    _("You can only record events you organised."),
                    "not_own",
                )
            )
        return own
    if cadre_id is None:
        return None
    try:
        cadre = selectors.access_cadre(actor=actor, cadre_id=cadre_id)
    except CadreNotFound:
        errors.append(FieldError(("organiser_cadre_id",), _("Cadre not found."), "not_found"))
        return None
    if not cadre.is_active:
        errors.append(
            FieldError(("organiser_cadre_id",), _("The cadre is not active."), "inactive")
        )
    elif region is not None and not is_within(region.code, cadre.region_id):
        errors.append(
            FieldError(
                ("organiser_cadre_id",),
                _("The village lies outside the cadre's working area (%(area)s).")
                % {"area": cadre.region.name},
                "outside_area",
            )
        )
    return cadre


@transaction.atomic(durable=True)
def record_event(*, actor: User, data: EventInput) -> SocializationEvent:
    """Record a socialization event held in a village of the actor's area."""
    _require_record(actor)
    event = SocializationEvent(created_by=actor)
    errors = _apply_event(actor, event, data, today=timezone.localdate(), listed=0)
    if errors:
        raise EventInvalid(errors=errors)
    event.save()
    _audit(
        actor,
        "outreach.event.create",
        "socialization_event",
        event.pk,
        event.region_id,
        {},
        account_services.snapshot(event, EVENT_FIELDS),
    )
    return event


def _writable_event(actor: User, event_id: object) -> SocializationEvent:
    _require_record(actor)
    event = selectors.access_event(actor=actor, event_id=event_id)
    if actor.role == Role.VILLAGE_CADRE:
        own = selectors.cadre_of(actor=actor)
        mine = event.organiser_user_id == actor.pk or (
            own is not None and event.organiser_cadre_id == own.pk
        )
        if not mine:
            raise OutreachNotAllowed()
    return event


@transaction.atomic(durable=True)
def update_event(*, actor: User, event_id: int, data: EventInput) -> SocializationEvent:
    """Change an event's details; audited (cadres change only their own events)."""
    event = _writable_event(actor, event_id)
    event = SocializationEvent.objects.select_for_update().get(pk=event.pk)
    before = account_services.snapshot(event, EVENT_FIELDS)
    listed = EventAttendee.objects.filter(event=event).count()
    errors = _apply_event(actor, event, data, today=timezone.localdate(), listed=listed)
    if errors:
        raise EventInvalid(errors=errors)
    after = account_services.snapshot(event, EVENT_FIELDS)
    if after != before:
        event.save()
        _audit(
            actor,
            "outreach.event.update",
            "socialization_event",
            event.pk,
            event.region_id,
            before,
            after,
        )
    return event


@transaction.atomic(durable=True)
def delete_event(*, actor: User, event_id: int) -> None:
    """Delete an event with its attendees and photos; refused once registrations are credited."""
    event = _writable_event(actor, event_id)
    if EventRegistration.objects.filter(event=event).exists():
        raise EventHasRegistrations()
    before = account_services.snapshot(event, EVENT_FIELDS)
    counts = selectors.event_summary(event=event)
    files = [photo.image.name or "" for photo in EventPhoto.objects.filter(event=event)]
    pk, region_code = event.pk, event.region_id
    event.delete()
    _audit(
        actor,
        "outreach.event.delete",
        "socialization_event",
        pk,
        region_code,
        before,
        {},
        note=f"attendees={counts['attendees']} photos={counts['photos']}",
    )
    transaction.on_commit(partial(_delete_files, files))


# ----------------------------------------------------------------------------- attendees


@dataclass(frozen=True)
class AttendeeInput:
    """One attendee as entered: a name and, optionally, a NIK."""

    name: str
    nik: str = ""


@transaction.atomic(durable=True)
def add_attendees(
    *, actor: User, event_id: int, attendees: Sequence[AttendeeInput]
) -> list[EventAttendee]:
    """Add people to an event's attendance list; every line is checked, then all or nothing.

    A NIK is optional but, when given, must be valid and appear once per event.
    """
    event = _writable_event(actor, event_id)
    event = SocializationEvent.objects.select_for_update().get(pk=event.pk)
    errors: list[FieldError] = []
    if not attendees:
        errors.append(FieldError(("attendees",), _("Add at least one name."), "required"))
    if len(attendees) > MAX_ATTENDEES_PER_BATCH:
        errors.append(
            FieldError(
                ("attendees",),
                _("Add at most %(max)s names at a time.") % {"max": MAX_ATTENDEES_PER_BATCH},
                "too_many",
            )
        )
    known = set(
        EventAttendee.objects.filter(event=event).exclude(nik="").values_list("nik", flat=True)
    )
    today = timezone.localdate()
    regions = worker_services.known_region_codes()
    rows: list[EventAttendee] = []
    for index, entry in enumerate(attendees[:MAX_ATTENDEES_PER_BATCH]):
        line = index + 1
        name = " ".join(entry.name.split())
        if not name:
            errors.append(
                FieldError(
                    ("attendees", index, "name"),
                    _("Line %(line)s: the name is missing.") % {"line": line},
                    "required",
                )
            )
        nik = ""
        if entry.nik.strip():
            assessed = worker_services.assess_nik(entry.nik, today=today, known_regions=regions)
            if assessed.status != NikStatus.VALID:
                errors.append(
                    FieldError(
                        ("attendees", index, "nik"),
                        _("Line %(line)s: the NIK is not valid (%(why)s).")
                        % {"line": line, "why": "; ".join(assessed.errors)},
                        "nik_invalid",
                    )
                )
            elif assessed.value in known:
                errors.append(
                    FieldError(
                        ("attendees", index, "nik"),
                        _("Line %(line)s: this NIK is already on the list.") % {"line": line},
                        "duplicate",
                    )
                )
            else:
                nik = assessed.value
                known.add(nik)
        rows.append(EventAttendee(event=event, name=name[:200], nik=nik))
    listed = EventAttendee.objects.filter(event=event).count()
    if not errors and listed + len(rows) > event.attendance_count:
        errors.append(
            FieldError(
                ("attendees",),
                _(
                    "The list would have %(count)s people but the attendance is %(attendance)s; "
                    "raise the attendance first."
                )
                % {"count": listed + len(rows), "attendance": event.attendance_count},
                "above_attendance",
            )
        )
    if errors:
        raise AttendeesInvalid(errors=errors)
    created = EventAttendee.objects.bulk_create(rows)
    _audit(
        actor,
        "outreach.attendees.add",
        "socialization_event",
        event.pk,
        event.region_id,
        {},
        {"attendees": [{"name": mask_name(a.name), "nik": mask_identifier(a.nik)} for a in rows]},
    )
    return created


def bulk_create_attendees(attendees: Sequence[EventAttendee]) -> list[EventAttendee]:
    """Insert checked attendees in the caller's transaction (demo data)."""
    return EventAttendee.objects.bulk_create(attendees)


@transaction.atomic(durable=True)
def remove_attendee(*, actor: User, attendee_id: int) -> None:
    """Take one person off an event's attendance list; audited (masked)."""
    attendee = selectors.access_attendee(actor=actor, attendee_id=attendee_id)
    event = _writable_event(actor, attendee.event_id)
    before = {"name": mask_name(attendee.name), "nik": mask_identifier(attendee.nik)}
    attendee.delete()
    _audit(
        actor,
        "outreach.attendees.remove",
        "socialization_event",
        event.pk,
        event.region_id,
        before,
        {},
    )


@transaction.atomic(durable=True)
def reveal_attendees(*, actor: User, event_id: int) -> list[EventAttendee]:
    """Return an event's attendance list unmasked to an allowed role; the reveal is audited."""
    if not selectors.can_reveal(actor):
        raise OutreachNotAllowed()
    event = selectors.access_event(actor=actor, event_id=event_id)
    attendees = list(selectors.event_attendees(actor=actor, event=event))
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="socialization_event",
        entity_id=event.pk,
        region_code=event.region_id,
        note=f"attendees={len(attendees)} name,nik",
    )
    return attendees


# ----------------------------------------------------------------------------- photos


@transaction.atomic(durable=True)
def add_photo(*, actor: User, event_id: int, content: bytes, caption: str = "") -> EventPhoto:
    """Attach a photo to an event after checking its real type, size and pixel count; it is
    stored re-encoded, without EXIF (location, camera) or trailing data."""
    event = _writable_event(actor, event_id)
    if EventPhoto.objects.filter(event=event).count() >= MAX_PHOTOS_PER_EVENT:
        raise PhotoRefused(
            params={
                "reason": _("an event keeps at most %(max)s photos.")
                % {"max": MAX_PHOTOS_PER_EVENT}
            }
        )
    clean = images.clean_photo(content)
    if EventPhoto.objects.filter(event=event, sha256=clean.sha256).exists():
        raise PhotoRefused(params={"reason": _("this photo is already attached to the event.")})
    photo = EventPhoto(
        event=event,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        size_bytes=len(clean.content),
        sha256=clean.sha256,
        caption=" ".join(caption.split())[:200],
        uploaded_by=actor,
    )
    photo.image.name = photo_path(photo, f"photo.{clean.extension}")
    photo.save()
    _audit(
        actor,
        "outreach.photo.add",
        "socialization_event",
        event.pk,
        event.region_id,
        {},
        {
            "photo": photo.pk,
            "sha256": clean.sha256,
            "type": clean.content_type,
            "width": clean.width,
            "height": clean.height,
        },
    )
    # The file is written once the row is committed: a rollback leaves no orphan file.
    transaction.on_commit(partial(_store_file, photo.image.name or "", clean.content))
    return photo


def _store_file(name: str, content: bytes) -> None:
    # Names are content hashes: a file already there holds the same bytes.
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        # The same photo may be attached to another event under the same (hashed) name.
        if not EventPhoto.objects.filter(image=name).exists():
            default_storage.delete(name)


@transaction.atomic(durable=True)
def remove_photo(*, actor: User, photo_id: int) -> None:
    """Remove a photo from an event; the file goes once the removal is committed."""
    photo = selectors.access_photo(actor=actor, photo_id=photo_id)
    event = _writable_event(actor, photo.event_id)
    name, pk = photo.image.name or "", photo.pk
    photo.delete()
    _audit(
        actor,
        "outreach.photo.remove",
        "socialization_event",
        event.pk,
        event.region_id,
        {"photo": pk},
        {},
    )
    transaction.on_commit(partial(_delete_files, [name]))


# ----------------------------------------------------------------------------- registrations


def _credited_cadre(actor: User, event: SocializationEvent) -> Cadre | None:
    own = selectors.cadre_of(actor=actor)
    return own if own is not None else event.organiser_cadre


def _check_open(event: SocializationEvent, day: date) -> None:
    if day < event.held_on:
        raise RegistrationInvalid(
            errors=[
                FieldError(
                    ("event_id",),
                    _("The worker was registered before the event (%(date)s).")
                    % {"date": event.held_on.isoformat()},
                    "before_event",
                )
            ]
        )
    if day > event.held_on + timedelta(days=ATTRIBUTION_DAYS):
        raise RegistrationInvalid(
            errors=[
                FieldError(
                    ("event_id",),
                    _("Only registrations within %(days)s days after the event count for it.")
                    % {"days": ATTRIBUTION_DAYS},
                    "too_late",
                )
            ]
        )


@transaction.atomic(durable=True)
def register_worker_at_event(
    *, actor: User, event_id: int, data: worker_services.WorkerInput
) -> EventRegistration:
    """Register a worker with the worker registry's own checks and credit them to the event.

    One transaction: the registry's NIK checks, duplicate proposals and audit row, then the
    credit; a refusal of either writes nothing.
    """
    event = _writable_event(actor, event_id)
    _check_open(event, timezone.localdate())
    worker = worker_services.register_worker_in_transaction(actor=actor, data=data)
    return _credit(actor=actor, event_id=event.pk, worker_id=worker.pk, new_worker=True)


@transaction.atomic(durable=True)
def credit_worker(*, actor: User, event_id: int, worker_id: int) -> EventRegistration:
    """Credit an existing registry worker, registered on or after the event, to the event."""
    return _credit(actor=actor, event_id=event_id, worker_id=worker_id, new_worker=False)


def _credit(*, actor: User, event_id: int, worker_id: int, new_worker: bool) -> EventRegistration:
    event = _writable_event(actor, event_id)
    worker = worker_selectors.access_worker(actor=actor, worker_id=worker_id)
    if worker.is_merged:
        raise RegistrationInvalid(
            errors=[
                FieldError(
                    ("worker_id",),
                    _("This record was merged into another; credit the surviving record."),
                    "merged",
                )
            ]
        )
    registered_on = timezone.localdate(worker.created_at)
    _check_open(event, registered_on)
    existing = selectors.registration_of_worker(worker_id=worker.pk)
    if existing is not None:
        raise WorkerAlreadyCredited(params={"event": existing.event.title})
    registration = EventRegistration(
        event=event,
        worker=worker,
        cadre=_credited_cadre(actor, event),
        registered_on=registered_on,
        new_worker=new_worker,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise WorkerAlreadyCredited(params={"event": event.title}) from None
    _audit(
        actor,
        "outreach.registration.credit",
        "socialization_event",
        event.pk,
        event.region_id,
        {},
        {
            "worker": worker.pk,
            "cadre": registration.cadre_id,
            "registered_on": registered_on,
            "new_worker": new_worker,
        },
    )
    return registration


@transaction.atomic(durable=True)
def uncredit_worker(*, actor: User, registration_id: int) -> None:
    """Remove a worker's credit to an event (the registry record stays); audited."""
    registration = selectors.access_registration(actor=actor, registration_id=registration_id)
    event = _writable_event(actor, registration.event_id)
    before = {
        "worker": registration.worker_id,
        "cadre": registration.cadre_id,
        "registered_on": registration.registered_on,
    }
    registration.delete()
    _audit(
        actor,
        "outreach.registration.uncredit",
        "socialization_event",
        event.pk,
        event.region_id,
        before,
        {},
    )


# ----------------------------------------------------------------------------- follow-up


@dataclass
class ContactInput:
    """One call, visit or message to a lapsed participant."""

    kpj: str
    contacted_on: date | None
    channel: str
    outcome: str
    note: str = ""
    next_action: str = ""
    next_action_on: date | None = None


@transaction.atomic(durable=True)
def log_contact(*, actor: User, data: ContactInput) -> FollowUpContact:
    """Log a contact with a lapsed BPU participant on the actor's follow-up list."""
    _require_record(actor)
    participant = selectors.followup_participant(actor=actor, kpj=data.kpj)
    today = timezone.localdate()
    errors: list[FieldError] = []
    if data.contacted_on is None:
        errors.append(FieldError(("contacted_on",), _("The date is required."), "required"))
    elif data.contacted_on > today:
        errors.append(
            FieldError(("contacted_on",), _("The contact date is in the future."), "future")
        )
    if data.channel not in ContactChannel.values:
        errors.append(FieldError(("channel",), _("Choose call, visit or WhatsApp."), "invalid"))
    if data.outcome not in ContactOutcome.values:
        errors.append(FieldError(("outcome",), _("Choose the outcome."), "invalid"))
    if data.next_action_on is not None and data.next_action_on < (data.contacted_on or today):
        errors.append(
            FieldError(
                ("next_action_on",),
                _("The next action cannot be before the contact."),
                "date_order",
            )
        )
    if data.next_action_on is not None and not data.next_action.strip():
        errors.append(FieldError(("next_action",), _("Say what the next action is."), "required"))
    if errors or data.contacted_on is None:
        raise ContactInvalid(errors=errors)
    snapshot = participant_selectors.latest_snapshot()
    contact = FollowUpContact.objects.create(
        kpj=participant.kpj,
        nik=participant.nik,
        region_code=participant.region_code,
        snapshot_date=snapshot.extract_date if snapshot else None,
        contacted_on=data.contacted_on,
        channel=data.channel,
        outcome=data.outcome,
        note=data.note.strip(),
        next_action=" ".join(data.next_action.split())[:200],
        next_action_on=data.next_action_on,
        contacted_by=actor,
        cadre=selectors.cadre_of(actor=actor),
    )
    _audit(
        actor,
        "outreach.contact.log",
        "followup_contact",
        contact.pk,
        contact.region_code,
        {},
        account_services.snapshot(contact, CONTACT_FIELDS),
    )
    return contact


# The audit note of a cadre's purpose-bound reveal; the daily cap counts these.
FOLLOW_UP_NAME_NOTE = "follow-up name only (purpose: contacting a lapsed participant)"


@transaction.atomic(durable=True)
def reveal_followup(*, actor: User, kpj: str) -> selectors.FollowUpRow:
    """Return one follow-up participant unmasked to an allowed role; the reveal is audited.

    Roles that may reveal personal data see the name, NIK and birth date. A cadre sees only
    the name of a lapsed participant on their own follow-up list, to contact them: NIK and
    birth date stay masked, and at most ``LINDUNG_FOLLOWUP_REVEALS_PER_DAY`` names a day.
    """
    scope = selectors.reveal_scope(actor)
    if scope is None:
        raise OutreachNotAllowed()
    row = selectors.followup_participant(actor=actor, kpj=kpj)
    if scope == selectors.RevealScope.FULL:
        note = "follow-up name,nik,birth_date"
    else:
        limit = int(settings.LINDUNG_FOLLOWUP_REVEALS_PER_DAY)
        midnight = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
        shown = account_selectors.count_actions(
            actor=actor, action="personal_data.reveal", note=FOLLOW_UP_NAME_NOTE, since=midnight
        )
        if shown >= limit:
            raise FollowUpRevealLimited(params={"limit": limit})
        note = FOLLOW_UP_NAME_NOTE
        row = replace(row, nik=mask_identifier(row.nik), birth_date=mask_birth_date(row.birth_date))
    account_services.record_audit(
        actor=actor,
        action="personal_data.reveal",
        entity_type="participant",
        entity_id=row.kpj,
        region_code=row.region_code,
        note=note,
    )
    return row
