"""Reading and checking a BPJS participant extract, column-wise in polars; no database.

An extract has millions of rows, so every check is a vectorised expression: each check
yields a reason (or null) per row, and a row with any reason goes to quarantine with all
of them. The NIK check mirrors ``lindung.rules.identifiers.validate_nik`` (errors only,
warnings do not make a NIK invalid); a property test keeps the two in step.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from lindung.core.csv import FORMULA_PREFIXES
from lindung.core.errors import LindungError
from lindung.imports.parsing import normalise_header, read_table
from lindung.participants.errors import SnapshotRefused
from lindung.rules.identifiers import (
    FEMALE_DAY_OFFSET,
    KNOWN_BAD_NIKS,
    MAX_AGE,
    PROVINCE_CODES,
)

REQUIRED_COLUMNS: tuple[str, ...] = (
    "kpj",
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "segmen",
    "status",
    "bulan_terakhir_bayar",
    "kode_wilayah",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("program", "sektor", "nomor_pemberi_kerja")
COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
HEADER_ALIASES = {
    "no_kpj": "kpj",
    "nomor_kpj": "kpj",
    "name": "nama",
    "nama_peserta": "nama",
    "birth_date": "tanggal_lahir",
    "tgl_lahir": "tanggal_lahir",
    "sex": "jenis_kelamin",
    "segment": "segmen",
    "programs": "program",
    "last_paid_month": "bulan_terakhir_bayar",
    "region": "kode_wilayah",
    "region_code": "kode_wilayah",
    "sector": "sektor",
    "employer": "nomor_pemberi_kerja",
    "npp": "nomor_pemberi_kerja",
}
EXAMPLE_ROW: tuple[str, ...] = (
    "26011234567",
    "6171014501900003",
    "Siti Aminah",
    "1990-01-05",
    "P",
    "BPU",
    "aktif",
    "2026-05",
    "61.71.01",
    "JKK,JKM",
    "perdagangan",
    "",
)

SEX_VALUES = {
    "l": "male",
    "lk": "male",
    "laki-laki": "male",
    "laki laki": "male",
    "pria": "male",
    "m": "male",
    "male": "male",
    "p": "female",
    "pr": "female",
    "perempuan": "female",
    "wanita": "female",
    "f": "female",
    "female": "female",
}
SEGMENT_VALUES = {
    "pu": "pu",
    "ppu": "pu",
    "penerima upah": "pu",
    "bpu": "bpu",
    "bukan penerima upah": "bpu",
    "jakon": "jakon",
    "jasa konstruksi": "jakon",
}
STATUS_VALUES = {
    "aktif": "active",
    "active": "active",
    "a": "active",
    "nonaktif": "inactive",
    "non aktif": "inactive",
    "non-aktif": "inactive",
    "tidak aktif": "inactive",
    "inactive": "inactive",
    "n": "inactive",
}
SECTOR_VALUES = {
    "konstruksi": "construction",
    "construction": "construction",
    "perikanan": "fishing",
    "nelayan": "fishing",
    "fishing": "fishing",
    "pertanian": "farming",
    "petani": "farming",
    "farming": "farming",
    "perkebunan": "plantation",
    "plantation": "plantation",
    "perdagangan": "small_trade",
    "pedagang": "small_trade",
    "small_trade": "small_trade",
    "transportasi": "transport",
    "transport": "transport",
    "rumah tangga": "domestic",
    "domestic": "domestic",
    "lainnya": "other",
    "other": "other",
}
PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")
_PROGRAM_SPLIT = r"[\s,;/+]+"


@dataclass
class ParsedExtract:
    """The valid rows in the participant layout, the rejected rows and the file's size."""

    valid: pl.DataFrame
    rejected: pl.DataFrame  # baris, kolom, alasan + the file's columns
    total_rows: int

    def quarantine_csv(self) -> bytes:
        """Return the rejected rows as the shared quarantine CSV (UTF-8 with BOM)."""
        frame = _escape_frame(self.rejected)
        out = io.BytesIO()
        out.write("\ufeff".encode())
        frame.write_csv(out)
        return out.getvalue()


def _escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype != pl.String:
            exprs.append(col.cast(pl.String))
            continue
        risky = pl.any_horizontal(*(col.str.starts_with(p) for p in FORMULA_PREFIXES))
        exprs.append(pl.when(risky).then(pl.lit("'") + col).otherwise(col).alias(name))
    return frame.select(exprs)


# ----------------------------------------------------------------------------- reading


def read_extract(file_name: str, source: Path | bytes) -> pl.DataFrame:
    """Read a CSV, XLSX or Parquet extract with every cell as stripped text; refuse bad files."""
    lower = file_name.lower()
    try:
        if lower.endswith(".parquet"):
            frame = pl.read_parquet(
                source if isinstance(source, Path) else io.BytesIO(source)
            ).select(pl.all().cast(pl.String))
        elif lower.endswith(".xlsx"):
            content = source.read_bytes() if isinstance(source, Path) else source
            table = read_table(file_name, content)
            frame = pl.DataFrame(
                {c: table.data[c] for c in table.columns},
                schema=dict.fromkeys(table.columns, pl.String),
            )
        elif lower.endswith((".csv", ".txt")):
            frame = _read_csv(source)
        else:
            raise SnapshotRefused(
                params={"detail": _("only .csv, .xlsx and .parquet files are accepted")}
            )
    except SnapshotRefused:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise SnapshotRefused(
            params={"detail": _("the file cannot be read (%(error)s)") % {"error": str(exc)[:200]}}
        ) from exc
    except LindungError as exc:  # the shared XLSX reader's own refusals
        raise SnapshotRefused(params={"detail": exc.message}) from exc
    frame = frame.rename(_header_map(frame.columns))
    return frame.select(pl.col(c).fill_null("").str.strip_chars() for c in frame.columns)


def _read_csv(source: Path | bytes) -> pl.DataFrame:
    if isinstance(source, Path):
        with source.open("rb") as handle:
            head = handle.read(65_536)
    else:
        head = source[:65_536]
    if not head.strip():
        raise SnapshotRefused(params={"detail": _("the file is empty")})
    if b"\x00" in head:
        raise SnapshotRefused(params={"detail": _("the file is not a text CSV")})
    first = head.split(b"\n", 1)[0]
    separator = ";" if first.count(b";") > first.count(b",") else ","
    data: Path | io.BytesIO = source if isinstance(source, Path) else io.BytesIO(source)
    return pl.read_csv(
        data,
        separator=separator,
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
    )


def _header_map(columns: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for name in columns:
        norm = normalise_header(name)
        norm = HEADER_ALIASES.get(norm, norm)
        if norm in taken:
            norm = f"{norm}__{len(taken)}"  # a repeated column is kept apart and ignored
        taken.add(norm)
        mapping[name] = norm
    return mapping


# ----------------------------------------------------------------------------- checks


def nik_valid(niks: pl.Series, reference: date) -> pl.Series:
    """Return whether each NIK passes ``validate_nik`` without errors, column-wise.

    Each intermediate is its own column, computed once (an expression tree would repeat
    the shared parts for every check).
    """
    c = pl.col
    frame = (
        pl.DataFrame({"raw": niks.cast(pl.String)})
        .lazy()
        .with_columns(c("raw").str.replace_all(r"[ .]", "").alias("d"))
        .with_columns(
            c("d").str.slice(6, 2).cast(pl.Int32, strict=False).alias("day_raw"),
            c("d").str.slice(8, 2).cast(pl.Int32, strict=False).alias("month"),
            c("d").str.slice(10, 2).alias("yy"),
            pl.concat_str([c("d").str.slice(0, 1)] * 16).alias("same"),
        )
        .with_columns(
            pl.when(c("day_raw") >= 41)
            .then(c("day_raw") - FEMALE_DAY_OFFSET)
            .otherwise(c("day_raw"))
            .cast(pl.String)
            .str.zfill(2)
            .alias("day"),
            c("month").cast(pl.String).str.zfill(2).alias("mm"),
            (
                c("d").str.contains(r"^[0-9]{16}$")
                & ~c("d").is_in(list(KNOWN_BAD_NIKS))
                & (c("d") != c("same"))
                & c("d").str.slice(0, 2).is_in(sorted(PROVINCE_CODES))
                & (c("d").str.slice(2, 2) != "00")
                & (c("d").str.slice(4, 2) != "00")
                & (c("d").str.slice(12, 4) != "0000")
                & (c("day_raw").is_between(1, 31) | c("day_raw").is_between(41, 71))
                & c("month").is_between(1, 12)
            ).alias("shape_ok"),
        )
        # Built as text and parsed leniently: impossible dates (30 February) become null.
        .with_columns(
            pl.concat_str(pl.lit(str(century // 100)), c("yy"), c("mm"), c("day"))
            .str.strptime(pl.Date, "%Y%m%d", strict=False)
            .alias(f"born{century}")
            for century in (1900, 2000)
        )
    )
    month_day = reference.month * 100 + reference.day

    def plausible(born: pl.Expr) -> pl.Expr:
        birthday = born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)
        age = reference.year - born.dt.year() - (birthday > month_day).cast(pl.Int32)
        return born.is_not_null() & (born <= pl.lit(reference)) & (age <= MAX_AGE)

    result = frame.select(
        (c("shape_ok") & (plausible(c("born1900")) | plausible(c("born2000"))))
        .fill_null(False)
        .alias(niks.name)
    ).collect()
    return result.to_series()


def _date_expr(col: pl.Expr) -> pl.Expr:
    return pl.coalesce(
        col.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        col.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        col.str.strptime(pl.Date, "%d-%m-%Y", strict=False),
        col.str.strptime(pl.Date, "%Y%m%d", strict=False),
    )


def _month_expr(col: pl.Expr) -> pl.Expr:
    text = col.str.replace(r"^(\d{4})-(\d{1,2})-\d{1,2}$", "$1-$2")
    text = text.str.replace(r"^(\d{1,2})[/-](\d{4})$", "$2-$1")
    text = text.str.replace(r"^(\d{4})(\d{2})$", "$1-$2")
    return (text + "-01").str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _region_expr(col: pl.Expr) -> pl.Expr:
    digits = col.str.replace_all(r"[ .]", "")
    dotted = (
        pl.when(digits.str.len_chars() == 2)
        .then(digits)
        .when(digits.str.len_chars() == 4)
        .then(digits.str.slice(0, 2) + "." + digits.str.slice(2, 2))
        .when(digits.str.len_chars() == 6)
        .then(digits.str.slice(0, 2) + "." + digits.str.slice(2, 2) + "." + digits.str.slice(4, 2))
        .when(digits.str.len_chars() == 10)
        .then(
            digits.str.slice(0, 2)
            + "."
            + digits.str.slice(2, 2)
            + "."
            + digits.str.slice(4, 2)
            + "."
            + digits.str.slice(6, 4)
        )
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return pl.when(col.str.contains(r"\.")).then(col).otherwise(dotted)


def _lookup(col: pl.Expr, table: dict[str, str]) -> pl.Expr:
    key = col.str.to_lowercase().str.replace_all(r"\s+", " ")
    return key.replace_strict(table, default=None, return_dtype=pl.String)


def parse_extract(
    frame: pl.DataFrame,
    *,
    extract_date: date,
    region_codes: Collection[str],
    lapse_months: int,
) -> ParsedExtract:
    """Check every row of an extract; return the valid rows and the rejected ones."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise SnapshotRefused(
            params={"detail": _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}}
        )
    if frame.height == 0:
        raise SnapshotRefused(params={"detail": _("the file has no data rows")})
    original = [c for c in COLUMNS if c in frame.columns]
    for name in OPTIONAL_COLUMNS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(name))
    c = pl.col
    work = frame.select(
        pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("baris"),
        *(c(n) for n in COLUMNS),
    ).with_columns(
        c("kpj").str.replace_all(r"[ .\-]", "").alias("_kpj"),
        c("nik").str.replace_all(r"[ .]", "").alias("_nik"),
        _date_expr(c("tanggal_lahir")).alias("_birth"),
        _lookup(c("jenis_kelamin"), SEX_VALUES).alias("_sex"),
        _lookup(c("segmen"), SEGMENT_VALUES).alias("_segment"),
        _lookup(c("status"), STATUS_VALUES).alias("_status"),
        _month_expr(c("bulan_terakhir_bayar")).alias("_paid"),
        _region_expr(c("kode_wilayah")).alias("_region"),
        _lookup(c("sektor"), SECTOR_VALUES).alias("_sector"),
        c("program").str.to_uppercase().alias("_programs"),
    )
    work = work.with_columns(
        pl.col("_programs")
        .str.replace_all(_PROGRAM_SPLIT, ",")
        .str.strip_chars(",")
        .alias("_programs"),
        (pl.col("baris") - 2).alias("_idx"),
    )
    work = work.with_columns(pl.col("_kpj").is_first_distinct().alias("_first_kpj"))
    known = sorted(region_codes)
    unknown_program = (
        pl.col("_programs")
        .str.split(",")
        .list.eval(pl.element().filter(~pl.element().is_in(list(PROGRAMS)) & (pl.element() != "")))
        .list.len()
        > 0
    )
    checks: list[tuple[str, pl.Expr, str]] = [
        ("kpj", ~pl.col("_kpj").str.contains(r"^[0-9]{11}$"), _("KPJ must be exactly 11 digits")),
        ("nama", pl.col("nama") == "", _("the name is empty")),
        ("nama", pl.col("nama").str.len_chars() > 200, _("the name is longer than 200 characters")),
        (
            "tanggal_lahir",
            (pl.col("tanggal_lahir") != "") & pl.col("_birth").is_null(),
            _("not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        ),
        (
            "tanggal_lahir",
            pl.col("_birth").is_not_null()
            & ((pl.col("_birth") > pl.lit(extract_date)) | (pl.col("_birth").dt.year() < 1900)),
            _("the birth date is after the extract date or before 1900"),
        ),
        (
            "jenis_kelamin",
            (pl.col("jenis_kelamin") != "") & pl.col("_sex").is_null(),
            _("use L or P"),
        ),
        ("segmen", pl.col("_segment").is_null(), _("use PU, BPU or JAKON")),
        ("status", pl.col("_status").is_null(), _("use aktif or nonaktif")),
        (
            "bulan_terakhir_bayar",
            (pl.col("bulan_terakhir_bayar") != "") & pl.col("_paid").is_null(),
            _("not a month (use YYYY-MM)"),
        ),
        (
            "bulan_terakhir_bayar",
            pl.col("_paid") > pl.lit(extract_date.replace(day=1)),
            _("the month is after the extract date"),
        ),
        (
            "kode_wilayah",
            pl.col("_region").is_null() | ~pl.col("_region").is_in(known),
            _("unknown region code"),
        ),
        (
            "sektor",
            (pl.col("sektor") != "") & pl.col("_sector").is_null(),
            _("unknown sector"),
        ),
        ("program", unknown_program, _("unknown program (use JKK, JKM, JHT, JP, JKP)")),
        (
            "nomor_pemberi_kerja",
            pl.col("nomor_pemberi_kerja").str.len_chars() > 64,
            _("longer than 64 characters"),
        ),
    ]
    # Flags for every row; the reason texts only for the (few) rows that fail.
    flags = [cond.fill_null(False).alias(f"_bad{i}") for i, (_c, cond, _m) in enumerate(checks)]
    flags.append((~pl.col("_first_kpj")).alias("_bad_dup"))
    work = work.with_columns(flags)
    flag_names = [f"_bad{i}" for i in range(len(checks))] + ["_bad_dup"]
    bad = pl.any_horizontal(*(pl.col(n) for n in flag_names))
    failing = work.filter(bad)
    if failing.height:
        firsts = (
            work.filter(pl.col("_kpj").is_in(failing.filter(pl.col("_bad_dup"))["_kpj"].implode()))
            .group_by("_kpj")
            .agg(pl.col("baris").min().alias("_first"))
        )
        failing = failing.join(firsts, on="_kpj", how="left").sort("baris")
    else:
        failing = failing.with_columns(pl.lit(None, dtype=pl.Int64).alias("_first"))
    before, _sep, after = str(_("duplicate KPJ (first seen in row %(row)s)")).partition("%(row)s")
    reason_exprs = [
        pl.when(pl.col(f"_bad{i}")).then(pl.lit(f"{col}: {msg}")).otherwise(None)
        for i, (col, _cond, msg) in enumerate(checks)
    ]
    reason_exprs.append(
        pl.when(pl.col("_bad_dup"))
        .then(pl.lit("kpj: " + before) + pl.col("_first").cast(pl.String) + pl.lit(after))
        .otherwise(None)
    )
    column_exprs = [
        pl.when(pl.col(f"_bad{i}")).then(pl.lit(col)).otherwise(None)
        for i, (col, _cond, _msg) in enumerate(checks)
    ]
    column_exprs.append(pl.when(pl.col("_bad_dup")).then(pl.lit("kpj")).otherwise(None))
    rejected = failing.select(
        "baris",
        pl.concat_list(column_exprs)
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .list.join("; ")
        .alias("kolom"),
        pl.concat_list(reason_exprs).list.drop_nulls().list.join("; ").alias("alasan"),
        *original,
    )
    good = work.filter(~bad)
    months_unpaid = pl.lit(extract_date.year * 12 + extract_date.month) - (
        pl.col("_paid").dt.year().cast(pl.Int32) * 12 + pl.col("_paid").dt.month().cast(pl.Int32)
    )
    # Jakon is paid per project up front: the extract's status alone says whether it runs.
    lapsed = (pl.col("_status") == "inactive") | (
        (pl.col("_segment") != "jakon") & (months_unpaid >= lapse_months).fill_null(False)
    )
    valid = good.select(
        pl.col("baris").cast(pl.Int64).alias("row_number"),
        pl.col("_kpj").alias("kpj"),
        pl.col("_nik").alias("nik"),
        pl.col("nama").alias("name"),
        pl.col("_birth").alias("birth_date"),
        pl.col("_sex").fill_null("").alias("sex"),
        pl.col("_segment").alias("segment"),
        pl.when(pl.col("_sector").is_null() & (pl.col("_segment") == "jakon"))
        .then(pl.lit("construction"))
        .otherwise(pl.col("_sector").fill_null(""))
        .alias("sector"),
        pl.col("_programs").alias("programs"),
        pl.col("_status").alias("status"),
        pl.col("_paid").alias("last_paid_month"),
        pl.when(lapsed).then(pl.lit("lapsed")).otherwise(pl.lit("covered")).alias("standing"),
        pl.col("nomor_pemberi_kerja").alias("employer_ref"),
        pl.col("_region").alias("region_code"),
        pl.col("_region").str.slice(0, 5).alias("regency_code"),
    )
    valid = valid.insert_column(3, nik_valid(valid["nik"], extract_date).alias("nik_valid"))
    return ParsedExtract(valid=valid, rejected=rejected, total_rows=frame.height)


def template_csv() -> bytes:
    """Return the documented extract template: the header and one example row."""
    frame = pl.DataFrame([list(EXAMPLE_ROW)], schema=list(COLUMNS), orient="row")
    out = io.BytesIO()
    out.write("\ufeff".encode())
    frame.write_csv(out)
    return out.getvalue()
