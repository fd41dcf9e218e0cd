"""Demo registry workers across the 14 regencies, with valid NIKs for their districts.

Generated column-wise with polars, so a province-sized registry (hundreds of thousands of
workers) takes seconds: every random choice is a hash of the worker's number with its own
salt, so the data are reproducible and a smaller registry is the start of a larger one.
About 4% have no NIK and 2% an invalid one (flagged, as in the field), and every 97th
worker has a near-duplicate registered by a cadre without the NIK, so the duplicate review
has work to show. Construction workers are linked to demo projects in their regency when
there are any. The rows are written in bulk (``workers.services.bulk_insert_registry``).

Idempotent: workers with a NIK are keyed by it, so loading twice adds nothing.
Call ``load_demo_workers(today=...)`` after the regions (and, optionally, the demo projects).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import transaction

from lindung.projects.models import Project
from lindung.regions.models import Region, RegionLevel
from lindung.workers import selectors as worker_selectors
from lindung.workers import services as worker_services
from lindung.workers.models import NikStatus, Sector, Segment, Source
from lindung.workers.names import normalise_name

SEED = 6161
DEFAULT_COUNT = 200_000
TWIN_EVERY = 97
CHECK_NIKS = 2000
FIRST_BIRTH = date(1965, 1, 1)
BIRTH_SPAN_DAYS = 365 * 40
# Per 10,000 workers: no NIK below 400, an invalid NIK (month 13) from 400 to 600.
MISSING_PER_10K = 400
INVALID_PER_10K = 600

MALE_NAMES = (
    "Agus", "Ahmad", "Andi", "Antonius", "Budi", "Darius", "Dedi", "Edi", "Fransiskus",
    "Hendrikus", "Heri", "Iwan", "Joko", "Yohanes", "Kurniawan", "Lukas", "Muhammad",
    "Rahmat", "Rudi", "Slamet", "Supardi", "Syarif", "Tan", "Wahyu", "Yulius", "Zainal",
)  # fmt: skip
FEMALE_NAMES = (
    "Aminah", "Ani", "Dewi", "Fatimah", "Herlina", "Intan", "Kartini", "Lestari", "Maria",
    "Nurhayati", "Rosalia", "Sari", "Siti", "Sri", "Susana", "Theresia", "Ursula", "Yanti",
)  # fmt: skip
FAMILY_NAMES = (
    "Asun", "Ajun", "Hidayat", "Lim", "Rahman", "Santoso", "Saputra", "Setiawan", "Simanjuntak",
    "Sinaga", "Suryadi", "Wijaya", "Yusuf", "Abdullah", "Gunawan", "Kurniadi", "Pratama",
    "Hamid", "Nugroho", "Effendi", "Syahputra", "Lie", "Tjhin", "Daniel", "Markus",
)  # fmt: skip
OCCUPATIONS = {
    Sector.CONSTRUCTION: ("Tukang batu", "Tukang kayu", "Kenek", "Mandor", "Operator alat berat"),
    Sector.FISHING: ("Nelayan", "Buruh kapal"),
    Sector.FARMING: ("Petani padi", "Petani sayur"),
    Sector.PLANTATION: ("Penyadap karet", "Buruh sawit", "Petani lada"),
    Sector.SMALL_TRADE: ("Pedagang pasar", "Pedagang keliling"),
    Sector.TRANSPORT: ("Ojek", "Sopir angkutan", "Motoris speedboat"),
    Sector.DOMESTIC: ("Pekerja rumah tangga",),
    Sector.OTHER: ("Buruh harian",),
}
SECTOR_WEIGHTS = (
    (Sector.CONSTRUCTION, 30), (Sector.FISHING, 10), (Sector.FARMING, 18),
    (Sector.PLANTATION, 18), (Sector.SMALL_TRADE, 10), (Sector.TRANSPORT, 7),
    (Sector.DOMESTIC, 4), (Sector.OTHER, 3),
)  # fmt: skip
OTHER_SEGMENTS = (Segment.BPU, Segment.BPU, Segment.PU)
OTHER_SOURCES = (Source.CADRE_REGISTRATION, Source.IMPORT, Source.SELF)


@dataclass
class DemoWorkersResult:
    created: int = 0
    unchanged: int = 0
    links: int = 0
    proposals: int = 0


def _rnd(salt: int, modulo: int | pl.Expr) -> pl.Expr:
    """Return a reproducible pseudo-random integer in [0, modulo) per worker number."""
    return (pl.col("k").hash(seed=SEED + salt) % modulo).cast(pl.Int64)


def _pick(values: Sequence[str], index: pl.Expr) -> pl.Expr:
    return index.replace_strict(dict(enumerate(values)), return_dtype=pl.String)


def _villages(codes: Sequence[str]) -> pl.DataFrame:
    return (
        pl.DataFrame({"region_id": sorted(codes)}, schema={"region_id": pl.String})
        .with_columns(pl.col("region_id").str.slice(0, 5).alias("regency"))
        .with_columns(
            pl.int_range(pl.len()).over("regency").alias("idx"),
            pl.len().over("regency").alias("n_villages"),
        )
    )


def build_registry(*, count: int, village_codes: Sequence[str]) -> pl.DataFrame:
    """Return ``count`` demo workers (plus their near-duplicates) as a registry frame.

    Columns: ``k`` (the worker's number; twins share it), ``twin``, ``regency`` and the
    columns of ``workers.services.bulk_insert_registry``. Workers go round the regencies
    in code order; villages, sex, birth dates and the rest are drawn per worker.
    """
    villages = _villages(village_codes)
    regencies = sorted(set(villages["regency"].to_list()))
    if count <= 0 or not regencies:
        return pl.DataFrame(
            schema={
                "k": pl.Int64,
                "twin": pl.Boolean,
                "regency": pl.String,
                **worker_services.REGISTRY_COLUMNS,
                "phone": pl.String,
                "occupation": pl.String,
            }
        )
    counts = villages.group_by("regency").agg(pl.first("n_villages"))
    frame = (
        pl.select(pl.int_range(0, count, dtype=pl.Int64).alias("k"))
        .with_columns(_pick(regencies, pl.col("k") % len(regencies)).alias("regency"))
        .join(counts, on="regency")
        .with_columns((_rnd(1, 1 << 30) % pl.col("n_villages")).alias("idx"))
        .join(villages.select("regency", "idx", "region_id"), on=["regency", "idx"])
        .sort("k")
        .with_columns(
            (_rnd(2, 100) < 70).alias("male"),
            (pl.lit(FIRST_BIRTH) + pl.duration(days=_rnd(3, BIRTH_SPAN_DAYS))).alias("birth_date"),
            pl.col("region_id").str.slice(0, 8).alias("district"),
        )
        .with_columns(
            # The NIK serial counts the people of one district born the same day, per sex.
            pl.int_range(1, pl.len() + 1).over("district", "birth_date", "male").alias("serial")
        )
    )
    day = pl.col("birth_date").dt.day().cast(pl.Int32) + pl.when(pl.col("male")).then(0).otherwise(
        40
    )
    nik = pl.concat_str(
        pl.col("district").str.replace_all(".", "", literal=True),
        day.cast(pl.String).str.zfill(2),
        pl.col("birth_date").dt.strftime("%m%y"),
        pl.col("serial").cast(pl.String).str.zfill(4),
    )
    roll = _rnd(4, 10_000)
    sector_by_percent = [str(s) for s, weight in SECTOR_WEIGHTS for _ in range(weight)]
    occupations = pl.DataFrame(
        [(str(s), i, name) for s, names in OCCUPATIONS.items() for i, name in enumerate(names)],
        schema={"sector": pl.String, "occ_idx": pl.Int64, "occupation": pl.String},
        orient="row",
    )
    occupation_counts = occupations.group_by("sector").agg(pl.len().alias("n_occ"))
    given = (
        pl.when(pl.col("male"))
        .then(_pick(MALE_NAMES, _rnd(6, len(MALE_NAMES))))
        .otherwise(_pick(FEMALE_NAMES, _rnd(6, len(FEMALE_NAMES))))
    )
    construction = pl.col("sector") == Sector.CONSTRUCTION
    frame = (
        frame.with_columns(
            pl.when(roll < MISSING_PER_10K)
            .then(pl.lit(""))
            .when(roll < INVALID_PER_10K)
            .then(nik.str.slice(0, 8) + pl.lit("13") + nik.str.slice(10))
            .otherwise(nik)
            .alias("nik"),
            pl.when(roll < MISSING_PER_10K)
            .then(pl.lit(str(NikStatus.MISSING)))
            .when(roll < INVALID_PER_10K)
            .then(pl.lit(str(NikStatus.INVALID)))
            .otherwise(pl.lit(str(NikStatus.VALID)))
            .alias("nik_status"),
            pl.concat_str(
                given, _pick(FAMILY_NAMES, _rnd(7, len(FAMILY_NAMES))), separator=" "
            ).alias("name"),
            pl.when(pl.col("male")).then(pl.lit("male")).otherwise(pl.lit("female")).alias("sex"),
            pl.format("08{}{}", 11 + _rnd(8, 88), 10_000_000 + _rnd(9, 89_999_999)).alias("phone"),
            _pick(sector_by_percent, _rnd(5, 100)).alias("sector"),
        )
        .join(occupation_counts, on="sector")
        .with_columns((_rnd(10, 1 << 30) % pl.col("n_occ")).alias("occ_idx"))
        .join(occupations, on=["sector", "occ_idx"])
        .sort("k")
        .with_columns(
            pl.when(construction)
            .then(pl.lit(str(Segment.JAKON)))
            .otherwise(_pick([str(s) for s in OTHER_SEGMENTS], _rnd(11, 3)))
            .alias("segment"),
            pl.when(construction)
            .then(pl.lit(str(Source.CONTRACTOR_ROSTER)))
            .otherwise(_pick([str(s) for s in OTHER_SOURCES], _rnd(12, 3)))
            .alias("source"),
            pl.lit(False).alias("twin"),
        )
    )
    names = frame.select(pl.col("name").unique())
    keys = names.with_columns(
        pl.Series("name_key", [normalise_name(n) for n in names["name"].to_list()], pl.String)
    )
    frame = frame.join(keys, on="name", how="left").sort("k")
    # A second record of the same person, registered by a cadre without the NIK.
    twins = frame.filter(pl.col("k") % TWIN_EVERY == 0).with_columns(
        pl.lit("").alias("nik"),
        pl.lit(str(NikStatus.MISSING)).alias("nik_status"),
        pl.col("name").str.to_uppercase(),
        pl.lit("").alias("phone"),
        pl.lit(str(Source.CADRE_REGISTRATION)).alias("source"),
        pl.lit(True).alias("twin"),
    )
    columns = [
        "k",
        "twin",
        "regency",
        *worker_services.REGISTRY_COLUMNS,
        "phone",
        "occupation",
    ]
    return pl.concat([frame.select(columns), twins.select(columns)]).sort("k", "twin")


def build_links(*, workers: pl.DataFrame, projects: pl.DataFrame, today: date) -> pl.DataFrame:
    """Return project links for the construction workers of regencies with projects.

    ``workers`` is ``build_registry``'s frame with the new ``worker_id``s; ``projects`` has
    ``project_id`` and ``regency``. Near-duplicates get no link.
    """
    if workers.height == 0 or projects.height == 0:
        return pl.DataFrame(schema=worker_services.LINK_COLUMNS)
    per_regency = projects.sort("project_id").with_columns(
        pl.int_range(pl.len()).over("regency").alias("p_idx"),
        pl.len().over("regency").alias("n_projects"),
    )
    builders = workers.filter(~pl.col("twin") & (pl.col("sector") == Sector.CONSTRUCTION))
    return (
        builders.join(per_regency.select("regency", "n_projects").unique(), on="regency")
        .with_columns((_rnd(13, 1 << 30) % pl.col("n_projects")).alias("p_idx"))
        .join(per_regency.select("regency", "p_idx", "project_id"), on=["regency", "p_idx"])
        .sort("k")
        .select(
            pl.col("worker_id"),
            pl.col("project_id"),
            pl.col("occupation").str.to_lowercase().alias("role"),
            (pl.lit(today) - pl.duration(days=10 + _rnd(14, 190))).alias("start_date"),
        )
    )


def _already_loaded(niks: list[str]) -> bool:
    # A smaller demo registry is the start of a larger one, so the first NIKs tell whether
    # it was loaded before, whatever the count was then.
    return bool(worker_selectors.existing_active_by_nik(niks=niks[:CHECK_NIKS]))


@transaction.atomic(durable=True)
def load_demo_workers(*, today: date, count: int = DEFAULT_COUNT) -> DemoWorkersResult:
    """Create the demo workers that do not exist yet, link builders and propose duplicates."""
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))
    planned = build_registry(count=count, village_codes=villages)
    result = DemoWorkersResult()
    valid = planned.filter(pl.col("nik_status") == NikStatus.VALID)["nik"].to_list()
    if _already_loaded(valid):
        # Loaded before: the demo registry is keyed by its NIKs, so nothing is added again.
        result.unchanged = planned.height
        return result
    ids = worker_services.bulk_insert_registry(planned)
    result.created = ids.len()
    projects = pl.DataFrame(
        list(Project.objects.values_list("pk", "region_id")),
        schema={"project_id": pl.Int64, "region_id": pl.String},
        orient="row",
    ).select("project_id", pl.col("region_id").str.slice(0, 5).alias("regency"))
    links = build_links(
        workers=planned.with_columns(ids.alias("worker_id")), projects=projects, today=today
    )
    result.links = worker_services.bulk_insert_links(links)
    result.proposals, _scanned = worker_services.scan_duplicates()
    return result
