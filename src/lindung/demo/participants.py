"""Demo BPJS participant extracts: two snapshots that reproduce the official Kalbar figures.

The later snapshot (30 June 2025) has exactly 42,591 protected construction participants
(of 154,008 construction workers: 27.66%) and 575,504 protected participants in all (of
1,819,430 workers: 31.63%), the figures BPJS Ketenagakerjaan and the province published in
mid-2025. The earlier one (31 December 2024) has fewer, so trends and changes (new,
lapsed, reactivated, gone) show. Part of the demo registry appears in both extracts, with
the noise real extracts have (spelling variants, titles, NIK typos, missing NIKs, moved
districts) so reconciliation has work at every stage; the rest are synthetic people.

Both extracts go through the real loader (``participants.services.load_snapshot``) as
Parquet, so the demo exercises the same checks and bulk path as a real extract. Seeded and
idempotent: a date already loaded is skipped.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from lindung.participants import selectors as participant_selectors
from lindung.participants import services as participant_services
from lindung.regions.models import Region, RegionLevel
from lindung.workers import selectors as worker_selectors

SEED = 2025
LATEST = date(2025, 6, 30)
EARLIER = date(2024, 12, 31)
CONSTRUCTION_COVERED = 42_591
ALL_COVERED = 575_504
EARLIER_CONSTRUCTION_COVERED = 39_870
EARLIER_ALL_COVERED = 548_112
LAPSED_SHARE = 0.11  # lapsed rows on top of the protected ones
# Regency weights: population in thousands (BPS 2020 census, rounded), used to spread the
# synthetic participants; cities weigh more for wage earners.
REGENCY_WEIGHTS = {
    "61.01": 531, "61.02": 290, "61.03": 485, "61.04": 570, "61.05": 421, "61.06": 252,
    "61.07": 286, "61.08": 397, "61.09": 214, "61.10": 217, "61.11": 127, "61.12": 610,
    "61.71": 659, "61.72": 235,
}  # fmt: skip
CITY_PU_BONUS = {"61.71": 2.2, "61.72": 1.5, "61.12": 1.3}
# Share of registry workers of each segment found in the extract, and protected there.
REGISTRY_PRESENT = {"jakon": 0.32, "pu": 0.62, "bpu": 0.24}
GIVEN = (
    "Agus", "Ahmad", "Andi", "Antonius", "Budi", "Darius", "Dedi", "Edi", "Fransiskus",
    "Hendrikus", "Heri", "Iwan", "Joko", "Yohanes", "Lukas", "Muhammad", "Rahmat", "Rudi",
    "Slamet", "Supardi", "Syarif", "Wahyu", "Yulius", "Zainal", "Aminah", "Ani", "Dewi",
    "Fatimah", "Herlina", "Intan", "Kartini", "Lestari", "Maria", "Nurhayati", "Rosalia",
    "Sari", "Siti", "Sri", "Susana", "Theresia", "Yanti", "Apui", "Akiong", "Bujang", "Dayang",
)  # fmt: skip
FAMILY = (
    "Asun", "Ajun", "Hidayat", "Lim", "Rahman", "Santoso", "Saputra", "Setiawan", "Sinaga",
    "Suryadi", "Wijaya", "Yusuf", "Abdullah", "Gunawan", "Kurniadi", "Pratama", "Hamid",
    "Nugroho", "Effendi", "Syahputra", "Lie", "Tjhin", "Daniel", "Markus", "Usman", "Junaidi",
)  # fmt: skip
SECTORS_BPU = ("fishing", "farming", "plantation", "small_trade", "transport", "domestic")

Report = Callable[[str], None]


@dataclass
class DemoSnapshotsResult:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0


@dataclass
class _Person:
    kpj: str
    nik: str
    name: str
    birth: date | None
    sex: str
    segment: str
    sector: str
    district: str
    employer: str = ""


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` by weights with the largest-remainder method (sums exactly)."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = total - sum(out.values())
    for key in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[:rest]:
        out[key] += 1
    return out


def _variant(rng: random.Random, name: str) -> str:
    """Return the name as another office might have typed it."""
    roll = rng.random()
    if roll < 0.25:
        return name.upper()
    if roll < 0.45:
        return rng.choice(("H. ", "Hj. ", "Drs. ", "")) + name
    if roll < 0.65:
        return name.replace("j", "dj", 1).replace("u", "oe", 1)
    if roll < 0.8:
        parts = name.split()
        return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else name
    return name.replace("y", "i", 1) if "y" in name else name + "h"


def _typo(rng: random.Random, nik: str) -> str:
    i = rng.randrange(12, 16)  # the serial: the region and date parts stay decodable
    return nik[:i] + str((int(nik[i]) + rng.randrange(1, 9)) % 10) + nik[i + 1 :]


def _registry_people(rng: random.Random) -> tuple[list[_Person], list[_Person]]:
    """Return registry workers as they appear in the extract: (protected, lapsed)."""
    frame = worker_selectors.registry_frame()
    covered: list[_Person] = []
    lapsed: list[_Person] = []
    serial = 0
    for row in frame.iter_rows(named=True):
        segment = str(row["segment"])
        if rng.random() >= REGISTRY_PRESENT.get(segment, 0.2):
            continue
        if row["nik_status"] != "valid" and rng.random() < 0.5:
            continue
        serial += 1
        nik = str(row["nik"] or "")
        roll = rng.random()
        if nik and roll < 0.03:
            nik = _typo(rng, nik)
        elif roll < 0.06:
            nik = ""
        name = str(row["name"])
        if rng.random() < 0.3:
            name = _variant(rng, name)
        district = str(row["region_id"])[:8]
        if rng.random() < 0.05:
            district = district[:6] + f"{rng.randrange(1, 10):02d}"  # moved, or a typo
        person = _Person(
            kpj=f"{25_000_000_000 + serial:011d}",
            nik=nik,
            name=name,
            birth=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
            sex=str(row["sex"] or ""),
            segment=segment,
            sector=str(row["sector"]),
            district=district,
        )
        (lapsed if rng.random() < 0.12 else covered).append(person)
    return covered, lapsed


_COLUMNS = (
    "kpj", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "segmen", "sektor",
    "kode_wilayah", "nomor_pemberi_kerja",
)  # fmt: skip


def _pick(values: tuple[str, ...], index: pl.Expr) -> pl.Expr:
    return index.replace_strict(dict(enumerate(values)), return_dtype=pl.String)


def _synthetic(
    *,
    count: int,
    segment: str,
    sector: str,
    districts: pl.DataFrame,
    weights: dict[str, float],
    first_kpj: int,
) -> pl.DataFrame:
    """Return ``count`` synthetic participants spread over the regencies by weight.

    Column-wise: every random choice is a hash of the KPJ with its own salt, so the data
    are reproducible without a random generator per row.
    """
    per_regency = {k: n for k, n in apportion(count, weights).items() if n}
    if not per_regency:
        return pl.DataFrame(schema=dict.fromkeys(_COLUMNS, pl.String))
    frame = pl.DataFrame({"regency": list(per_regency), "n": list(per_regency.values())}).select(
        pl.col("regency").repeat_by("n").explode()
    )
    k = pl.col("k")

    def rnd(salt: int, modulo: int) -> pl.Expr:
        return (k.hash(seed=SEED + salt) % modulo).cast(pl.Int64)

    male_share = 80 if sector == "construction" else 60
    frame = (
        frame.with_columns(pl.int_range(first_kpj + 1, first_kpj + count + 1).alias("k"))
        .join(districts.group_by("regency").agg(pl.len().alias("n_districts")), on="regency")
        .with_columns((rnd(1, 1 << 30) % pl.col("n_districts")).alias("idx"))
        .join(districts, on=["regency", "idx"])
        .with_columns(
            (rnd(2, 100) < male_share).alias("male"),
            (pl.lit(date(1962, 1, 1)) + pl.duration(days=rnd(3, 365 * 42))).alias("birth"),
        )
        .sort("k")
    )
    day = pl.col("birth").dt.day().cast(pl.Int32) + pl.when(pl.col("male")).then(0).otherwise(40)
    nik = pl.concat_str(
        pl.col("district").str.replace_all(".", "", literal=True),
        day.cast(pl.String).str.zfill(2),
        pl.col("birth").dt.strftime("%m%y"),
        (5000 + k % 5000).cast(pl.String),
    )
    return frame.select(
        k.cast(pl.String).str.zfill(11).alias("kpj"),
        pl.when(rnd(4, 100) < 2).then(pl.lit("")).otherwise(nik).alias("nik"),
        pl.concat_str(
            _pick(GIVEN, rnd(5, len(GIVEN))), _pick(FAMILY, rnd(6, len(FAMILY))), separator=" "
        ).alias("nama"),
        pl.col("birth").dt.strftime("%Y-%m-%d").alias("tanggal_lahir"),
        pl.when(pl.col("male")).then(pl.lit("L")).otherwise(pl.lit("P")).alias("jenis_kelamin"),
        pl.lit(segment.upper()).alias("segmen"),
        pl.lit(sector if sector in {"construction", *SECTORS_BPU} else "").alias("sektor"),
        pl.col("district").alias("kode_wilayah"),
        (
            pl.lit("")
            if segment == "bpu"
            else pl.lit("PK") + (k % 90_000).cast(pl.String).str.zfill(8)
        ).alias("nomor_pemberi_kerja"),
    )


def _registry_frame(people: list[_Person]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (
                p.kpj,
                p.nik,
                p.name,
                p.birth.isoformat() if p.birth else "",
                {"male": "L", "female": "P"}.get(p.sex, ""),
                p.segment.upper(),
                p.sector if p.sector in {"construction", *SECTORS_BPU} else "",
                p.district,
                "",
            )
            for p in people
        ],
        schema=dict.fromkeys(_COLUMNS, pl.String),
        orient="row",
    )


def _with_standing(frame: pl.DataFrame, *, on: date, lapsed: bool, salt: int) -> pl.DataFrame:
    """Add status, last paid month and programs so the loader derives the wanted standing."""
    k = pl.col("kpj").cast(pl.Int64)
    h = (k.hash(seed=SEED + salt) % 1000).cast(pl.Int64)
    jakon = pl.col("segmen") == "JAKON"
    if lapsed:
        status = pl.when(jakon | (h % 2 == 0)).then(pl.lit("nonaktif")).otherwise(pl.lit("aktif"))
        months_back = pl.when(jakon).then(h % 10).otherwise(4 + h % 10)
    else:
        status = pl.lit("aktif")
        months_back = pl.when(jakon).then(h % 10).otherwise(h % 2)
    paid = pl.lit(on).dt.offset_by(pl.format("-{}mo", months_back)).dt.strftime("%Y-%m")
    return frame.with_columns(
        status.alias("status"),
        paid.alias("bulan_terakhir_bayar"),
        pl.when(pl.col("segmen") == "PU")
        .then(pl.lit("JKK,JKM,JHT,JP"))
        .otherwise(pl.lit("JKK,JKM"))
        .alias("program"),
    )


def _parquet(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


def _is_construction(frame: pl.DataFrame) -> pl.Series:
    return (frame["segmen"] == "JAKON") | (frame["sektor"] == "construction")


def build_extracts(*, seed: int = SEED, scale: float = 1.0) -> dict[date, bytes]:
    """Return the two demo extracts (Parquet bytes) keyed by their dates.

    ``scale`` shrinks every synthetic count (tests); at 1.0 the official figures hold.
    """
    construction_covered = round(CONSTRUCTION_COVERED * scale)
    all_covered = round(ALL_COVERED * scale)
    earlier_construction = round(EARLIER_CONSTRUCTION_COVERED * scale)
    earlier_all = round(EARLIER_ALL_COVERED * scale)
    gone_n = round(9_000 * scale)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    codes = list(
        Region.objects.filter(level=RegionLevel.DISTRICT)
        .order_by("code")
        .values_list("code", flat=True)
    )
    districts = (
        pl.DataFrame({"district": codes})
        .with_columns(pl.col("district").str.slice(0, 5).alias("regency"))
        .with_columns(pl.int_range(pl.len()).over("regency").alias("idx"))
    )
    known = set(codes)
    reg_covered_people, reg_lapsed_people = _registry_people(rng)
    for person in reg_covered_people + reg_lapsed_people:
        if person.district not in known:
            person.district = person.district[:5]
    reg_covered = _registry_frame(reg_covered_people)
    reg_lapsed = _registry_frame(reg_lapsed_people)
    regencies = set(districts["regency"].to_list())
    weights = {k: float(v) for k, v in REGENCY_WEIGHTS.items() if k in regencies}
    pu_weights = {k: w * CITY_PU_BONUS.get(k, 1.0) for k, w in weights.items()}
    reg_construction = int(_is_construction(reg_covered).sum())
    construction_fill = max(construction_covered - reg_construction, 0)
    other_fill = max(
        all_covered - construction_covered - (reg_covered.height - reg_construction), 0
    )
    base = 26_000_000_000

    def synth(
        count: int, segment: str, sector: str, offset: int, w: dict[str, float]
    ) -> pl.DataFrame:
        return _synthetic(
            count=count, segment=segment, sector=sector, districts=districts, weights=w,
            first_kpj=base + offset,
        )  # fmt: skip

    jakon_n = round(construction_fill * 0.8)
    construction = pl.concat(
        [
            synth(jakon_n, "jakon", "construction", 0, weights),
            synth(construction_fill - jakon_n, "pu", "construction", 1_000_000, pu_weights),
        ]
    )
    pu_n = round(other_fill * 0.72)
    bpu_n = other_fill - pu_n
    other = pl.concat(
        [
            synth(pu_n, "pu", "other", 2_000_000, pu_weights),
            *(
                synth(
                    (bpu_n * (i + 1)) // len(SECTORS_BPU) - (bpu_n * i) // len(SECTORS_BPU),
                    "bpu",
                    sector,
                    3_000_000 + i * 200_000,
                    weights,
                )
                for i, sector in enumerate(SECTORS_BPU)
            ),
        ]
    )
    lapsed_n = round(all_covered * LAPSED_SHARE)
    lapsed_synth = pl.concat(
        [
            synth(lapsed_n // 5, "jakon", "construction", 5_000_000, weights),
            synth(lapsed_n // 5, "pu", "other", 5_200_000, pu_weights),
            synth(lapsed_n - 2 * (lapsed_n // 5), "bpu", "farming", 5_400_000, weights),
        ]
    )
    lapsed = pl.concat([reg_lapsed, lapsed_synth])
    latest = pl.concat(
        [
            _with_standing(
                pl.concat([reg_covered, construction, other]), on=LATEST, lapsed=False, salt=10
            ),
            _with_standing(lapsed, on=LATEST, lapsed=True, salt=11),
        ]
    )
    # Six months earlier: an eighth of today's lapsed were still protected; some people have
    # gone since; the rest of the difference joined (new) or came back (reactivated) since.
    newly_lapsed = lapsed.head(lapsed.height // 8)
    still_lapsed = lapsed.tail(lapsed.height - newly_lapsed.height)
    gone = synth(gone_n, "bpu", "small_trade", 7_000_000, weights)
    gone_covered, gone_lapsed = gone.head(gone_n * 2 // 3), gone.tail(gone_n - gone_n * 2 // 3)
    drop_construction = (
        construction_covered + int(_is_construction(newly_lapsed).sum()) - earlier_construction
    )
    drop_all = all_covered + newly_lapsed.height + gone_covered.height - earlier_all
    drop_construction = min(max(drop_construction, 0), construction.height)
    drop_other = min(max(drop_all - drop_construction, 0), other.height)
    construction = construction.sample(fraction=1.0, shuffle=True, seed=seed)
    other = other.sample(fraction=1.0, shuffle=True, seed=seed)
    new_c, back_c = drop_construction * 2 // 3, drop_construction - drop_construction * 2 // 3
    new_o, back_o = drop_other * 2 // 3, drop_other - drop_other * 2 // 3
    back = pl.concat([construction.slice(new_c, back_c), other.slice(new_o, back_o)])
    earlier_covered = pl.concat(
        [
            reg_covered,
            construction.slice(drop_construction),
            other.slice(drop_other),
            newly_lapsed,
            gone_covered,
        ]
    )
    earlier = pl.concat(
        [
            _with_standing(earlier_covered, on=EARLIER, lapsed=False, salt=20),
            _with_standing(
                pl.concat([back, still_lapsed, gone_lapsed]), on=EARLIER, lapsed=True, salt=21
            ),
        ]
    )
    return {EARLIER: _parquet(earlier), LATEST: _parquet(latest)}


def load_demo_snapshots(*, report: Report | None = None, scale: float = 1.0) -> DemoSnapshotsResult:
    """Load the demo extracts whose dates are not loaded yet, oldest first."""
    result = DemoSnapshotsResult()
    loaded = set(participant_selectors.loaded_snapshots().values_list("extract_date", flat=True))
    if {EARLIER, LATEST} <= loaded:
        result.skipped = [EARLIER.isoformat(), LATEST.isoformat()]
        return result
    for extract_date, content in sorted(build_extracts(scale=scale).items()):
        if extract_date in loaded:
            result.skipped.append(extract_date.isoformat())
            continue
        outcome = participant_services.load_snapshot(
            actor=None,
            file_name=f"demo-ekstrak-bpjs-{extract_date.isoformat()}.parquet",
            source=content,
            extract_date=extract_date,
            label="Data demo (sintetis) — bukan data BPJS sebenarnya",
        )
        result.loaded.append(extract_date.isoformat())
        result.rows += outcome.loaded
        if report:
            report(
                f"Snapshot {extract_date}: {outcome.loaded:,} participants, "
                f"{outcome.rejected:,} rejected"
            )
    return result
