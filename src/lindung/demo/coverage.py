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

SAKERNAS = "Sakernas 2025 via Pemprov Kalbar (harianberkat.com, 2025-09-24)"


def load_official_figures() -> None:
    """Record the official denominators, targets and published figures (idempotent)."""
    for sector, workers in (("all", 1_819_430), ("construction", 154_008)):
        coverage_services.record_denominator(
            actor=None, region_code="61", sector=sector, year=2025, workers=workers, source=SAKERNAS
        )
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
