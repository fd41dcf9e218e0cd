"""Reads: the parameter set in force (from the database) and working-day calendars."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import date

from django.db import DatabaseError, connection
from django.db.models import Count, Max, Q, QuerySet

from lindung.regions.models import is_within
from lindung.regulations.models import Holiday, ParameterRecord
from lindung.rules.calendar import WorkingCalendar, build_calendar
from lindung.rules.defaults import default_parameters
from lindung.rules.parameters import ParameterSet, load_parameters

logger = logging.getLogger(__name__)

# Extra holidays recorded for the whole province (e.g. a year's cuti bersama).
PROVINCE_CODE = "61"

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple[object, ...], ParameterSet]] = {}


def _stamp() -> tuple[object, ...]:
    # Versions are only added, and a version's valid_to is only ever set once, so the row
    # count, the highest id and the number of closed versions change on every write.
    try:
        agg = ParameterRecord.objects.aggregate(
            n=Count("id"), last=Max("id"), closed=Count("id", filter=Q(valid_to__isnull=False))
        )
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        # No database yet (a fresh machine, before `lindung migrate`): the calculators still
        # work on the packaged parameters, which are what a fresh database would hold.
        logger.warning("Parameter table unavailable; using the packaged defaults.")
        return (0, None, 0)
    return (agg["n"], agg["last"], agg["closed"])


def parameter_set() -> ParameterSet:
    """Return the parameters in force, from the database (the packaged file if it is empty)."""
    stamp = _stamp()
    with _cache_lock:
        cached = _cache.get("default")
        if cached and cached[0] == stamp:
            return cached[1]
    if stamp[0] == 0:
        logger.warning("No parameters in the database; using the packaged defaults.")
        params = default_parameters()
    else:
        rows = [r.as_record() for r in ParameterRecord.objects.order_by("name", "valid_from")]
        params = load_parameters({"version": f"db-{stamp[1]}", "parameters": rows})
    with _cache_lock:
        _cache["default"] = (stamp, params)
    return params


def parameter_history(*, name: str | None = None) -> QuerySet[ParameterRecord]:
    """Return stored parameter versions, optionally of one name, oldest first."""
    records = ParameterRecord.objects.select_related("created_by")
    if name:
        records = records.filter(name=name)
    return records.order_by("name", "valid_from")


def current_parameters(*, on: date) -> list[ParameterRecord]:
    """Return, for each parameter name, the version in force on ``on`` (or none)."""
    in_force = ParameterRecord.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return list(in_force.order_by("name"))


def extra_holidays(*, region_code: str = "61") -> QuerySet[Holiday]:
    """Return the admin-added holidays that apply in ``region_code`` (its own or a parent's)."""
    parts = region_code.split(".")
    ancestors = [".".join(parts[: i + 1]) for i in range(len(parts))]
    return Holiday.objects.filter(region_id__in=ancestors).select_related("region")


def all_extra_holidays() -> QuerySet[Holiday]:
    """Return every admin-added holiday, newest first."""
    return Holiday.objects.select_related("region", "created_by").order_by("-date")


def working_calendar(*, years: Iterable[int], region_code: str = "61") -> WorkingCalendar:
    """Return the working-day calendar for ``years``: weekends, national holidays, cuti
    bersama, and the extra holidays that apply in ``region_code``."""
    wanted = sorted(set(years))
    holidays = [
        h
        for h in extra_holidays(region_code=region_code).filter(
            date__year__gte=wanted[0], date__year__lte=wanted[-1]
        )
        if is_within(region_code, h.region_id)
    ]
    return build_calendar(wanted).with_extra(
        {h.date: h.name for h in holidays},
        confirmed_years=leave_years_recorded(holidays=((h.date, h.region_id) for h in holidays)),
    )


def leave_years_recorded(*, holidays: Iterable[tuple[date, str]]) -> set[int]:
    """Return the years with a province-wide extra holiday: an administrator records a
    year's cuti bersama that way when the holiday data does not have it yet."""
    return {day.year for day, region in holidays if region == PROVINCE_CODE}
