"""A run's workers counted by domicile district, sector, segment and protection.

Pure functions over polars frames and plain values: the run writes these counts once
(``counts_frame``) and a review decision moves one worker between them (``groups_of``).
Both decide "the NIK carries another region's code than the domicile" the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

NIK_PATTERN = r"^\d{16}$"


@dataclass(frozen=True)
class WorkerGroup:
    """Where one worker is counted, and whether their NIK names another region."""

    regency_code: str
    district_code: str
    nik_other_regency: bool
    nik_other_district: bool


def nik_region_codes(nik: str) -> tuple[str, str] | None:
    """Return the regency and district codes a 16-digit NIK carries (``61.71``, ``61.71.01``)."""
    if len(nik) != 16 or not nik.isdigit():
        return None
    regency = f"{nik[0:2]}.{nik[2:4]}"
    return regency, f"{regency}.{nik[4:6]}"


def groups_of(*, nik: str, region_code: str) -> WorkerGroup:
    """Return the group of a worker living in ``region_code`` (a village or district code)."""
    regency, district = region_code[:5], region_code[:8]
    codes = nik_region_codes(nik or "")
    if codes is None:
        return WorkerGroup(regency, district, nik_other_regency=False, nik_other_district=False)
    return WorkerGroup(
        regency,
        district,
        nik_other_regency=codes[0] != regency,
        nik_other_district=codes[1] != district,
    )


def counts_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Count ``frame`` (columns nik, region_code, sector, segment, status) into groups.

    Returns regency_code, district_code, sector, segment, status, workers,
    nik_other_regency and nik_other_district, one row per group.
    """
    nik = pl.col("nik").fill_null("")
    valid = nik.str.contains(NIK_PATTERN)
    nik_regency = nik.str.slice(0, 2) + "." + nik.str.slice(2, 2)
    nik_district = nik_regency + "." + nik.str.slice(4, 2)
    region = pl.col("region_code").fill_null("")
    return (
        frame.with_columns(
            regency_code=region.str.slice(0, 5),
            district_code=region.str.slice(0, 8),
        )
        .with_columns(
            other_regency=valid & (nik_regency != pl.col("regency_code")),
            other_district=valid & (nik_district != pl.col("district_code")),
        )
        .group_by("regency_code", "district_code", "sector", "segment", "status")
        .agg(
            workers=pl.len(),
            nik_other_regency=pl.col("other_regency").sum(),
            nik_other_district=pl.col("other_district").sum(),
        )
        .sort("district_code", "sector", "segment", "status")
    )
