"""The official Kalbar figures the coverage dashboard starts from (domain reference, §0, §5.1).

Sakernas 2025: 1,819,430 workers, of whom 154,008 in construction. BPJS Ketenagakerjaan:
42,591 active construction participants (June 2025) and 575,504 participants in all (July
2025). Provincial UCJ targets: 59.56% (2025), 61% (2026, "per the Perda"; 60.80% in another
statement), 65.77% (2030), and Inpres 2/2021's 100%. The July 2025 press release printed
"55 persen" for 42,591 of 154,008, which is 27.66%: kept as published so the dashboard flags it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lindung.coverage import services as coverage_services
from lindung.demo import participants as demo_participants

SAKERNAS = "Sakernas 2025 via Pemprov Kalbar (harianberkat.com, 2025-09-24)"
REGENCY_SOURCE = (
    "Demo estimate: Sakernas 2025 provincial totals split by regency population (BPS 2020 "
    "census); illustrative, not an official regency figure"
)
# Construction work concentrates in the cities and the fast-growing Kubu Raya.
CONSTRUCTION_BONUS = {"61.71": 1.6, "61.72": 1.3, "61.12": 1.3}


def regency_denominators() -> dict[str, dict[str, int]]:
    """Return the demo workforce per regency and sector; each sector adds up to the total."""
    weights = {k: float(v) for k, v in demo_participants.REGENCY_WEIGHTS.items()}
    construction = {k: w * CONSTRUCTION_BONUS.get(k, 1.0) for k, w in weights.items()}
    return {
        "all": demo_participants.apportion(1_819_430, weights),
        "construction": demo_participants.apportion(154_008, construction),
    }


def load_official_figures() -> None:
    """Record the official denominators, targets and published figures (idempotent)."""
    for sector, workers in (("all", 1_819_430), ("construction", 154_008)):
        coverage_services.record_denominator(
            actor=None, region_code="61", sector=sector, year=2025, workers=workers, source=SAKERNAS
        )
    for sector, per_regency in regency_denominators().items():
        for regency, workers in sorted(per_regency.items()):
            coverage_services.record_denominator(
                actor=None, region_code=regency, sector=sector, year=2025, workers=workers,
                source=REGENCY_SOURCE,
            )  # fmt: skip
    for year, percent, source in (
        (2025, "59.56", "Pemprov Kalbar, Oct 2025 (suaraborneo.id)"),
        (2026, "61", "Perda Kalbar on Jamsostek as reported 2025-12-24 (jurnalis.co.id); "
                     "60.80% in another statement; Perda number UNCONFIRMED"),
        (2030, "65.77", "Pemprov Kalbar, Oct 2025 (suaraborneo.id)"),
    ):  # fmt: skip
        coverage_services.record_target(
            actor=None, region_code="61", segment="all", year=year, percent=Decimal(percent),
            source=source,
        )  # fmt: skip
    for year in (2025, 2026):
        coverage_services.record_target(
            actor=None, region_code="61", segment="jakon", year=year, percent=Decimal(100),
            source="Inpres 2/2021 (universal coverage)",
        )  # fmt: skip
    coverage_services.record_published_figure(
        actor=None, region_code="61", sector="construction", as_of=date(2025, 7, 9),
        participants=42_591, workers=154_008, published_percent=Decimal(55),
        source="InfoPublik, MC Prov Kalbar, 2025-07-10",
    )  # fmt: skip
    coverage_services.record_published_figure(
        actor=None, region_code="61", sector="all", as_of=date(2025, 7, 31),
        participants=575_504, workers=1_819_430, published_percent=Decimal("31.63"),
        source="Pemprov Kalbar and BPJS Ketenagakerjaan (harianberkat.com)",
    )  # fmt: skip
