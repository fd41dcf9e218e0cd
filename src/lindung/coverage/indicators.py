"""Coverage indicators and their data-quality checks, each defined once (pure functions).

An indicator is a numerator over a denominator, both with their sources; the percentage is
always computed (``lindung.rules.coverage_percentage``), never copied from a report. Checks
run with every computation and travel with the figure:

- ``denominator_missing``: no official workforce figure for the region and sector;
- ``over_100``: more participants than workers (the two counts use different bases);
- ``sudden_drop``: covered participants fell by more than ``DROP_THRESHOLD`` percent since
  the previous extract (a partial extract, a region recoding or a real mass lapse);
- ``no_data``: no participant figure at all for the region (nothing in the extract, or no
  published figure when no extract is loaded);
- ``percent_mismatch``: a published percentage that its own numbers do not give.

Definitions (``DEFINITIONS``) are the texts the dashboard, exports and open data show next
to each figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.rules.coverage import coverage_percentage

# A published percentage may differ from the computed one by rounding only.
PERCENT_TOLERANCE = Decimal("0.05")
# Fewer covered participants than the previous extract by more than this (percent) is flagged.
DROP_THRESHOLD = Decimal(10)
MONTHS_PER_YEAR = 12


class Check(StrEnum):
    PERCENT_MISMATCH = "percent_mismatch"
    OVER_100 = "over_100"
    DENOMINATOR_MISSING = "denominator_missing"
    SUDDEN_DROP = "sudden_drop"
    NO_DATA = "no_data"
    NIK_ELSEWHERE = "nik_elsewhere"


CHECK_LABELS: dict[Check, Promise] = {
    Check.PERCENT_MISMATCH: gettext_lazy("Published percentage does not match"),
    Check.OVER_100: gettext_lazy("Coverage over 100%"),
    Check.DENOMINATOR_MISSING: gettext_lazy("Workforce figure missing"),
    Check.SUDDEN_DROP: gettext_lazy("Sudden drop since the previous extract"),
    Check.NO_DATA: gettext_lazy("No participant data"),
    Check.NIK_ELSEWHERE: gettext_lazy("NIK region differs from the domicile"),
}

# A region is flagged when at least this share of its registry workers (and at least
# NIK_ELSEWHERE_MIN of them) carry a NIK of another region than their domicile. A NIK keeps
# the region where it was first issued, so some movers are expected; a large share usually
# means domiciles entered wrongly (the registering office's village instead of the worker's).
NIK_ELSEWHERE_SHARE = Decimal(25)
NIK_ELSEWHERE_MIN = 10


@dataclass(frozen=True)
class Definition:
    label: Promise
    text: Promise


DEFINITIONS: dict[str, Definition] = {
    "participants": Definition(
        gettext_lazy("Protected participants"),
        gettext_lazy(
            "Participants whose protection runs on the extract date (BPJS Ketenagakerjaan "
            "extract: active, and for PU and BPU paid up within the grace period). Without a "
            "loaded extract, the latest published figure is used and its source is shown."
        ),
    ),
    "workers": Definition(
        gettext_lazy("Workforce"),
        gettext_lazy(
            "Official number of workers in the region and sector (e.g. Sakernas), the "
            "denominator of coverage. The latest figure of the year or an earlier year is used."
        ),
    ),
    "percent": Definition(
        gettext_lazy("Coverage"),
        gettext_lazy(
            "Protected participants / workforce x 100, rounded half-up to two decimals. With a "
            "segment filter, the segment's participants over the whole workforce of the sector "
            "(workforce figures have no segment split)."
        ),
    ),
    "target": Definition(
        gettext_lazy("Target"),
        gettext_lazy(
            "Coverage target of the region, segment and year (the province's when the region "
            "has none; Inpres 2/2021's 100% when none is recorded)."
        ),
    ),
    "gap_people": Definition(
        gettext_lazy("Gap to target"),
        gettext_lazy(
            "Workers still to protect to reach the target: target % x workforce, rounded up, "
            "minus protected participants (never below zero)."
        ),
    ),
    "gap_rupiah": Definition(
        gettext_lazy("BPU budget to close the gap"),
        gettext_lazy(
            "Gap in people x the monthly BPU minimum package (JKK on the lowest declared income "
            "+ JKM, from the regulation parameters in force) x 12 months: what a government "
            "would budget to pay the contributions of the missing workers for a year."
        ),
    ),
    "unprotected": Definition(
        gettext_lazy("Unprotected workers"),
        gettext_lazy("Workforce minus protected participants (never below zero)."),
    ),
    "lapse_rate": Definition(
        gettext_lazy("Lapse rate"),
        gettext_lazy(
            "Lapsed participants / (protected + lapsed) x 100 in the extract: the share of "
            "registered participants whose protection stopped (mostly unpaid BPU contributions)."
        ),
    ),
    "new": Definition(
        gettext_lazy("New registrations"),
        gettext_lazy(
            "Participants in the extract who were not in the previous extract. Not available "
            "for the first extract."
        ),
    ),
    "budget_planned": Definition(
        gettext_lazy("Planned"),
        gettext_lazy(
            "The cost of the budget plans adopted for the region and year in the budget "
            "planner (the region's own plan, or its regencies' plans added up); allocated and "
            "spent are the APBD/APBDes allocations and payments recorded for the year."
        ),
    ),
    "registry": Definition(
        gettext_lazy("Registry workers protected"),
        gettext_lazy(
            "Workers in Lindung's registry linked to a protected BPJS Ketenagakerjaan "
            "participant / registry workers x 100, from the newest finished reconciliation of "
            "the registry with an extract (exact NIK, then name, birth date and region)."
        ),
    ),
    "nik_elsewhere": Definition(
        gettext_lazy("NIK of another region"),
        gettext_lazy(
            "Registry workers whose NIK carries the code of another regency (in the province "
            "view) or district (in a regency view) than their domicile. Movers keep their "
            "NIK, so some are expected; a large share is flagged for checking."
        ),
    ),
    "projects_registered": Definition(
        gettext_lazy("Projects registered"),
        gettext_lazy(
            "Construction projects of the fiscal year registered with BPJS Ketenagakerjaan / "
            "projects of the year (cancelled ones left out)."
        ),
    ),
    "projects_on_time": Definition(
        gettext_lazy("Registered on time"),
        gettext_lazy(
            "Projects registered by their deadline (working days after the SPK, from the "
            "regulation parameters) / projects registered or past their deadline."
        ),
    ),
    "projects_paid": Definition(
        gettext_lazy("Contribution paid"),
        gettext_lazy(
            "Jakon contribution paid / contribution due from the contract values, for the "
            "projects of the fiscal year."
        ),
    ),
    "projects_unprotected": Definition(
        gettext_lazy("Workers on unprotected projects"),
        gettext_lazy(
            "Planned workforce of construction projects past their BPJS registration deadline "
            "and not registered, or handed over without registration. Underpaid projects are "
            "listed with their unpaid contribution."
        ),
    ),
}


@dataclass(frozen=True)
class QualityFlag:
    check: Check
    message: str


def format_count(value: int) -> str:
    """Return a count with Indonesian thousands dots (42.591), as the sources print it."""
    return f"{value:,}".replace(",", ".")


def lapse_rate(*, covered: int | None, lapsed: int | None) -> Decimal | None:
    """Return lapsed / (covered + lapsed) in percent, or None without participants."""
    if covered is None or lapsed is None or covered + lapsed <= 0:
        return None
    return coverage_percentage(lapsed, covered + lapsed)


def gap_people(
    *, participants: int | None, workers: int | None, target_percent: Decimal | None
) -> int | None:
    """Return how many more participants reach the target (never negative)."""
    if target_percent is None or participants is None or not workers:
        return None
    needed = (target_percent * workers / 100).to_integral_value(rounding=ROUND_CEILING)
    return max(0, int(needed) - participants)


def gap_budget(*, gap: int | None, monthly_per_worker: Decimal | None) -> Decimal | None:
    """Return the yearly contributions for ``gap`` workers at ``monthly_per_worker`` each."""
    if gap is None or monthly_per_worker is None:
        return None
    return monthly_per_worker * gap * MONTHS_PER_YEAR


def check_drop(
    *, current: int | None, previous: int | None, threshold: Decimal = DROP_THRESHOLD
) -> QualityFlag | None:
    """Return a flag when covered participants fell by more than ``threshold`` percent."""
    if current is None or previous is None or previous <= 0 or current >= previous:
        return None
    drop = coverage_percentage(previous - current, previous)
    if drop <= threshold:
        return None
    return QualityFlag(
        Check.SUDDEN_DROP,
        _(
            "Protected participants fell by %(drop)s%% since the previous extract "
            "(%(previous)s to %(current)s)."
        )
        % {"drop": drop, "previous": format_count(previous), "current": format_count(current)},
    )


def check_nik_elsewhere(*, elsewhere: int, workers: int, level: str) -> QualityFlag | None:
    """Return a flag when many registry workers carry a NIK of another ``level`` (regency or
    district) than their domicile."""
    if workers <= 0 or elsewhere < NIK_ELSEWHERE_MIN:
        return None
    share = coverage_percentage(elsewhere, workers)
    if share < NIK_ELSEWHERE_SHARE:
        return None
    return QualityFlag(
        Check.NIK_ELSEWHERE,
        _(
            "%(count)s of %(workers)s registry workers (%(share)s%%) have a NIK issued in "
            "another %(level)s than their domicile: check the domiciles recorded."
        )
        % {
            "count": format_count(elsewhere),
            "workers": format_count(workers),
            "share": share,
            "level": level,
        },
    )


@dataclass(frozen=True)
class Indicator:
    """A computed coverage figure with its definition, sources and quality flags.

    ``numerator`` is protected participants, ``denominator`` the workforce; ``lapsed``,
    ``new`` and ``previous`` (protected participants in the previous extract) are known
    only when the figure comes from a participant extract.
    """

    key: str
    label: str
    numerator: int | None
    denominator: int | None
    numerator_source: str
    denominator_source: str
    target_percent: Decimal | None = None
    flags: tuple[QualityFlag, ...] = field(default_factory=tuple)
    lapsed: int | None = None
    new: int | None = None
    previous: int | None = None
    monthly_per_worker: Decimal | None = None
    target_source: str = ""

    @property
    def percent(self) -> Decimal | None:
        """Return numerator / denominator in percent (two decimals), or None."""
        if self.numerator is None or not self.denominator:
            return None
        return coverage_percentage(self.numerator, self.denominator)

    @property
    def gap_people(self) -> int | None:
        """Return how many more participants reach the target (never negative)."""
        return gap_people(
            participants=self.numerator,
            workers=self.denominator,
            target_percent=self.target_percent,
        )

    @property
    def gap_rupiah(self) -> Decimal | None:
        """Return the yearly BPU contributions that would close the gap to target."""
        return gap_budget(gap=self.gap_people, monthly_per_worker=self.monthly_per_worker)

    @property
    def unprotected(self) -> int | None:
        """Return workforce minus protected participants (never negative)."""
        if self.numerator is None or not self.denominator:
            return None
        return max(0, self.denominator - self.numerator)

    @property
    def lapse_rate(self) -> Decimal | None:
        """Return the share of registered participants whose protection lapsed, in percent."""
        return lapse_rate(covered=self.numerator, lapsed=self.lapsed)

    @property
    def change(self) -> int | None:
        """Return protected participants now minus in the previous extract."""
        if self.numerator is None or self.previous is None:
            return None
        return self.numerator - self.previous

    def has(self, check: Check) -> bool:
        """Return whether the figure carries a flag of this check."""
        return any(flag.check == check for flag in self.flags)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form for the API and exports."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "key": self.key,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": text(self.percent),
            "target_percent": text(self.target_percent),
            "gap_people": self.gap_people,
            "gap_rupiah": text(self.gap_rupiah),
            "lapsed": self.lapsed,
            "lapse_rate": text(self.lapse_rate),
            "new": self.new,
            "previous": self.previous,
            "numerator_source": self.numerator_source,
            "denominator_source": self.denominator_source,
            "target_source": self.target_source,
            "flags": [{"check": str(f.check), "message": f.message} for f in self.flags],
        }


def check_published(
    *, participants: int, workers: int, published_percent: Decimal | None
) -> list[QualityFlag]:
    """Return the quality flags of a published figure checked against its own parts."""
    flags: list[QualityFlag] = []
    if workers <= 0:
        return [QualityFlag(Check.DENOMINATOR_MISSING, _("The number of workers is missing."))]
    computed = coverage_percentage(participants, workers)
    if computed > 100:
        flags.append(
            QualityFlag(
                Check.OVER_100,
                _("Coverage over 100%%: %(p)s participants for %(w)s workers.")
                % {"p": format_count(participants), "w": format_count(workers)},
            )
        )
    if published_percent is not None and abs(published_percent - computed) > PERCENT_TOLERANCE:
        flags.append(
            QualityFlag(
                Check.PERCENT_MISMATCH,
                _("Published as %(published)s%%, but %(p)s of %(w)s is %(computed)s%%.")
                % {
                    "published": published_percent.normalize(),
                    "p": format_count(participants),
                    "w": format_count(workers),
                    "computed": computed,
                },
            )
        )
    return flags


def coverage_indicator(
    *,
    key: str,
    label: str,
    participants: int | None,
    participants_source: str,
    workers: int | None,
    workers_source: str,
    target_percent: Decimal | None,
    target_source: str = "",
    lapsed: int | None = None,
    new: int | None = None,
    previous: int | None = None,
    monthly_per_worker: Decimal | None = None,
    has_data: bool = True,
) -> Indicator:
    """Return a coverage indicator with every check that applies to it.

    ``has_data`` is False when the extract holds no participant at all for the region
    (``participants`` is then 0, and flagged as missing data rather than as no coverage).
    """
    flags: list[QualityFlag] = []
    if participants is None or not has_data:
        flags.append(QualityFlag(Check.NO_DATA, _("No participant figure for this region.")))
    if not workers:
        flags.append(
            QualityFlag(Check.DENOMINATOR_MISSING, _("No workforce figure for this region."))
        )
    elif participants is not None and participants > workers:
        flags.append(
            QualityFlag(
                Check.OVER_100,
                _("Coverage over 100%%: %(p)s participants for %(w)s workers.")
                % {"p": format_count(participants), "w": format_count(workers)},
            )
        )
    drop = check_drop(current=participants, previous=previous)
    if drop is not None:
        flags.append(drop)
    return Indicator(
        key=key,
        label=label,
        numerator=participants,
        denominator=workers,
        numerator_source=participants_source,
        denominator_source=workers_source,
        target_percent=target_percent,
        flags=tuple(flags),
        lapsed=lapsed,
        new=new,
        previous=previous,
        monthly_per_worker=monthly_per_worker,
        target_source=target_source,
    )
