"""Coverage indicators and their data-quality checks, each defined once (pure functions).

An indicator is a numerator over a denominator, both with their sources; the percentage is
always computed (``lindung.rules.coverage_percentage``), never copied from a report. Checks
run with every computation and travel with the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from lindung.rules.coverage import coverage_percentage

# A published percentage may differ from the computed one by rounding only.
PERCENT_TOLERANCE = Decimal("0.05")


class Check(StrEnum):
    PERCENT_MISMATCH = "percent_mismatch"
    OVER_100 = "over_100"
    DENOMINATOR_MISSING = "denominator_missing"


@dataclass(frozen=True)
class QualityFlag:
    check: Check
    message: str


@dataclass(frozen=True)
class Indicator:
    """A computed coverage figure with its definition, sources and quality flags."""

    key: str
    label: str
    numerator: int | None
    denominator: int | None
    numerator_source: str
    denominator_source: str
    target_percent: Decimal | None = None
    flags: tuple[QualityFlag, ...] = field(default_factory=tuple)

    @property
    def percent(self) -> Decimal | None:
        """Return numerator / denominator in percent (two decimals), or None."""
        if self.numerator is None or not self.denominator:
            return None
        return coverage_percentage(self.numerator, self.denominator)

    @property
    def gap_people(self) -> int | None:
        """Return how many more participants reach the target (never negative)."""
        if self.target_percent is None or self.numerator is None or not self.denominator:
            return None
        needed = (self.target_percent * self.denominator / 100).to_integral_value(
            rounding="ROUND_CEILING"
        )
        return max(0, int(needed) - self.numerator)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form for the API and exports."""
        return {
            "key": self.key,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": str(self.percent) if self.percent is not None else None,
            "target_percent": str(self.target_percent) if self.target_percent else None,
            "gap_people": self.gap_people,
            "numerator_source": self.numerator_source,
            "denominator_source": self.denominator_source,
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
                % {"p": participants, "w": workers},
            )
        )
    if published_percent is not None and abs(published_percent - computed) > PERCENT_TOLERANCE:
        flags.append(
            QualityFlag(
                Check.PERCENT_MISMATCH,
                _("Published as %(published)s%%, but %(p)s of %(w)s is %(computed)s%%.")
                % {
                    "published": published_percent.normalize(),
                    "p": f"{participants:,}".replace(",", "."),
                    "w": f"{workers:,}".replace(",", "."),
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
) -> Indicator:
    """Return a coverage indicator with its checks (missing denominator, over 100%)."""
    flags: list[QualityFlag] = []
    if not workers:
        flags.append(
            QualityFlag(Check.DENOMINATOR_MISSING, _("No workforce figure for this region."))
        )
    elif participants is not None:
        flags.extend(
            f
            for f in check_published(
                participants=participants, workers=workers, published_percent=None
            )
            if f.check == Check.OVER_100
        )
    return Indicator(
        key=key,
        label=label,
        numerator=participants,
        denominator=workers,
        numerator_source=participants_source,
        denominator_source=workers_source,
        target_percent=target_percent,
        flags=tuple(flags),
    )
