"""Column-wise checks of project rows: the same rules, in the same order, as a project form.

``parse_rows`` reads every cell (``cells``); ``input_columns`` builds what
``services.ProjectInput`` would hold for each row, given the project it matches;
``validation_checks`` lists ``services.validate_project_input``'s checks as polars
conditions with their column and reason. Reasons are translated when they are built (the
caller activates Indonesian). Identifier reasons come from ``lindung.rules`` itself, once
per distinct bad value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from lindung.projects.importers import cells
from lindung.projects.models import FundingLevel, Stage, WorkSector
from lindung.regions.models import RegionLevel
from lindung.rules.identifiers import validate_kode_rup, validate_nib, validate_nip, validate_npwp
from lindung.rules.money import ABSURD_LIMIT
from lindung.rules.parameters import ParameterSet

STAGE_ALIASES = {
    "perencanaan": Stage.PLANNED,
    "rencana": Stage.PLANNED,
    "pengadaan": Stage.PROCURED,
    "tender": Stage.PROCURED,
    "kontrak": Stage.CONTRACTED,
    "berkontrak": Stage.CONTRACTED,
    "pelaksanaan": Stage.IN_PROGRESS,
    "berjalan": Stage.IN_PROGRESS,
    "serah_terima": Stage.HANDED_OVER,
    "selesai": Stage.HANDED_OVER,
    "batal": Stage.CANCELLED,
    "dibatalkan": Stage.CANCELLED,
}
FUNDING_ALIASES = {
    "apbd_provinsi": FundingLevel.APBD_PROVINCE,
    "apbd_kabupaten": FundingLevel.APBD_REGENCY,
    "apbd_kota": FundingLevel.APBD_REGENCY,
    "apbd_kabupaten/kota": FundingLevel.APBD_REGENCY,
    "bumn": FundingLevel.BUMN_BUMD,
    "bumd": FundingLevel.BUMN_BUMD,
    "swasta": FundingLevel.PRIVATE,
}
CONTRACT_STAGES = (Stage.CONTRACTED, Stage.IN_PROGRESS, Stage.HANDED_OVER)
LOCATION_LEVELS = (RegionLevel.DISTRICT, RegionLevel.VILLAGE, RegionLevel.REGENCY)
MAX_WORKFORCE = 100_000
# The cells each parser reads, in the order a row's problems are listed.
PARSED = (
    ("tahun_anggaran", "year", cells.parse_integers),
    ("termasuk_ppn", "includes_vat", cells.parse_bools),
    ("nilai_hps", "hps", cells.parse_money),
    ("nilai_kontrak", "contract", cells.parse_money),
    ("tanggal_spk", "spk", cells.parse_dates),
    ("tanggal_mulai", "planned_start", cells.parse_dates),
    ("tanggal_selesai", "planned_end", cells.parse_dates),
    ("jumlah_pekerja", "workforce", cells.parse_integers),
)


@dataclass(frozen=True)
class Check:
    """One possible problem of a row: where, when, and why (``why`` may vary per row)."""

    column: str
    when: pl.Expr
    why: pl.Expr  # the reason text, "column: message[; column: message]"
    at: pl.Expr | None = None  # the column, when it varies per row

    @classmethod
    def fixed(cls, column: str, when: pl.Expr, message: str) -> Check:
        """Return a check whose reason is the same for every row."""
        return cls(column, when, pl.lit(f"{column}: {message}"))

    @property
    def where(self) -> pl.Expr:
        """Return the column at fault as an expression."""
        return pl.lit(self.column) if self.at is None else self.at


def map_distinct(series: pl.Series, fn: Callable[[Any], Any], dtype: pl.DataType) -> pl.Series:
    """Apply a Python function once per distinct value (exact where polars would differ)."""
    values = series.unique().to_list()
    return series.replace_strict({v: fn(v) for v in values}, return_dtype=dtype)


def _stage(text: str) -> str:
    key = text.lower().replace(" ", "_")
    return str(STAGE_ALIASES.get(key, key))


def _funding(text: str) -> str:
    key = text.lower().replace(" ", "_")
    return str(FUNDING_ALIASES.get(key, key))


def parse_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the typed cells (money in cents) and a ``_bad_<column>`` flag per parsed cell."""
    columns: list[pl.Series] = []
    for column, name, parser in PARSED:
        parsed = parser(frame, column)
        columns.append(parsed.values.alias(name))
        columns.append(parsed.bad.alias(f"_bad_{column}"))
    stage = map_distinct(frame.get_column("tahap"), _stage, pl.String())
    funding = map_distinct(frame.get_column("sumber_dana"), _funding, pl.String())
    return pl.DataFrame([*columns, stage.alias("stage_text"), funding.alias("funding_source")])


def input_columns(*, today: date) -> list[pl.Expr]:
    """Return what ``ProjectInput`` holds, from the parsed cells and the matched project.

    Expects the file's cells, the parsed cells and the matched project's fields (``ex_*``,
    null without a match).
    """
    matched = pl.col("ex_id").is_not_null()
    return [
        pl.when(pl.col("stage_text") != "")
        .then(pl.col("stage_text"))
        .when(matched)
        .then(pl.col("ex_stage"))
        .otherwise(pl.lit(str(Stage.PLANNED)))
        .alias("stage"),
        pl.when(matched)
        .then(pl.col("ex_sector"))
        .otherwise(pl.lit(str(WorkSector.OTHER)))
        .alias("sector"),
        pl.col("year").fill_null(0).alias("fiscal_year"),
        pl.coalesce(
            pl.col("includes_vat"),
            pl.when(matched).then(pl.col("ex_value_includes_vat")),
            pl.lit(True),
        ).alias("value_includes_vat"),
        pl.col("ex_contribution_in_hps").alias("contribution_in_hps"),
        pl.col("ex_vat_amount").alias("vat_amount"),
        pl.col("ex_actual_start").alias("actual_start"),
        pl.col("ex_actual_end").alias("actual_end"),
    ]


def _reasons(
    frame: pl.DataFrame, text: str, column: str, messages: Callable[[str], Iterable[str]]
) -> pl.Expr:
    """Return per row the rules' reasons for a bad identifier, computed per distinct value."""
    values = frame.get_column(text).unique().to_list()
    table = {
        value: "; ".join(f"{column}: {message}" for message in messages(value)) for value in values
    }
    return pl.col(text).replace_strict(table, default=None, return_dtype=pl.String)


def identifier_checks(frame: pl.DataFrame, *, today: date, params: ParameterSet) -> pl.DataFrame:
    """Return the rules' reasons for each bad identifier cell (null when it is valid)."""
    bad = frame.select(
        pl.col("kode_rup").alias("kode_rup"),
        pl.col("ppk_nip").alias("ppk_nip"),
        pl.col("penyedia_npwp").alias("penyedia_npwp"),
        pl.col("penyedia_nib").alias("penyedia_nib"),
        ((pl.col("kode_rup") != "") & ~cells.kode_rup_valid_expr(pl.col("kode_rup"))).alias(
            "_rup_bad"
        ),
        ((pl.col("ppk_nip") != "") & ~cells.nip_valid_expr(pl.col("ppk_nip"))).alias("_nip_bad"),
        ((pl.col("penyedia_npwp") != "") & ~cells.npwp_valid_expr(pl.col("penyedia_npwp"))).alias(
            "_npwp_bad"
        ),
        ((pl.col("penyedia_nib") != "") & ~cells.nib_valid_expr(pl.col("penyedia_nib"))).alias(
            "_nib_bad"
        ),
    )

    def reasons(text: str, flag: str, column: str, fn: Callable[[str], Iterable[str]]) -> pl.Series:
        rows = bad.filter(pl.col(flag))
        if rows.height == 0:
            return pl.Series(f"_why_{column}", [None] * bad.height, dtype=pl.String)
        expr = _reasons(rows, text, column, fn)
        return bad.select(
            pl.when(pl.col(flag)).then(expr).otherwise(None).alias(f"_why_{column}")
        ).to_series()

    return pl.DataFrame(
        [
            reasons(
                "kode_rup",
                "_rup_bad",
                "kode_rup",
                lambda v: [i.message("id") for i in validate_kode_rup(v).errors],
            ),
            reasons(
                "ppk_nip",
                "_nip_bad",
                "ppk_nip",
                lambda v: [i.message("id") for i in validate_nip(v).errors],
            ),
            reasons(
                "penyedia_npwp",
                "_npwp_bad",
                "penyedia_npwp",
                lambda v: [
                    i.message("id") for i in validate_npwp(v, as_of=today, params=params).errors
                ],
            ),
            reasons(
                "penyedia_nib",
                "_nib_bad",
                "penyedia_nib",
                lambda v: [i.message("id") for i in validate_nib(v).errors],
            ),
        ]
    )


def parse_checks() -> list[Check]:
    """Return the unreadable-cell problems, in the order a row lists them."""
    date_message = _("Not a date: use YYYY-MM-DD or DD/MM/YYYY.")
    money_message = _("Not a rupiah amount: use digits, e.g. 1250000000 or 1.250.000.000.")
    number_message = _("Not a whole number.")
    return [
        Check.fixed("tahun_anggaran", pl.col("_bad_tahun_anggaran"), number_message),
        Check.fixed(
            "tahun_anggaran", pl.col("tahun_anggaran") == "", _("The fiscal year is required.")
        ),
        Check.fixed("termasuk_ppn", pl.col("_bad_termasuk_ppn"), _("Write ya or tidak.")),
        *_money_parse_checks("nilai_hps", money_message),
        *_money_parse_checks("nilai_kontrak", money_message),
        Check.fixed("tanggal_spk", pl.col("_bad_tanggal_spk"), date_message),
        Check.fixed("tanggal_mulai", pl.col("_bad_tanggal_mulai"), date_message),
        Check.fixed("tanggal_selesai", pl.col("_bad_tanggal_selesai"), date_message),
        Check.fixed("jumlah_pekerja", pl.col("_bad_jumlah_pekerja"), number_message),
    ]


def _money_parse_checks(column: str, unreadable: str) -> list[Check]:
    """Return an unreadable amount's problem; a negative one is told it must be positive."""
    negative = cells.negative_amount_expr(pl.col(column))
    bad = pl.col(f"_bad_{column}")
    return [
        Check.fixed(column, bad & ~negative, unreadable),
        Check.fixed(column, bad & negative, _("Must be more than zero.")),
    ]


def _next_year(today: date) -> date:
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return date(today.year + 1, 2, 28)


def _money_checks(column: str, value: str) -> list[Check]:
    limit = int(ABSURD_LIMIT) * 100
    return [
        Check.fixed(column, pl.col(value) <= 0, _("Must be more than zero.")),
        Check.fixed(column, pl.col(value) > limit, _("Over Rp 10 trillion: check the number.")),
    ]


def validation_checks(*, today: date) -> list[Check]:
    """Return ``validate_project_input``'s checks, in its order, on the input columns."""
    region_missing = _("Region %(code)s does not exist.")
    before, _sep, after = region_missing.partition("%(code)s")
    date_order = _("Must not be before %(other)s.")
    max_year = today.year + 5
    checks = [
        Check.fixed("nama_paket", pl.col("nama_paket") == "", _("The package name is required.")),
        Check.fixed(
            "kode_rup",
            (pl.col("kode_rup") == "") & (pl.col("nomor_kontrak") == ""),
            _("Give the RUP code or the contract number."),
        ),
        Check("kode_rup", pl.col("_why_kode_rup").is_not_null(), pl.col("_why_kode_rup")),
        Check.fixed("satker", pl.col("satker") == "", _("The agency (satker) is required.")),
        Check(
            "kode_wilayah",
            pl.col("region_level").is_null(),
            pl.concat_str(pl.lit(f"kode_wilayah: {before}"), pl.col("kode_wilayah"), pl.lit(after)),
        ),
        Check.fixed(
            "kode_wilayah",
            pl.col("region_level").is_not_null()
            & ~pl.col("region_level").is_in([str(level) for level in LOCATION_LEVELS]),
            _("The location must be a regency, district or village."),
        ),
        Check.fixed(
            "sumber_dana",
            ~pl.col("funding_source").is_in(list(FundingLevel.values)),
            _("Unknown funding source."),
        ),
        Check.fixed("tahap", ~pl.col("stage").is_in(list(Stage.values)), _("Unknown stage.")),
        Check.fixed(
            "tahun_anggaran",
            ~pl.col("fiscal_year").is_between(2000, max_year),
            _("The fiscal year must be between 2000 and %(max)s.") % {"max": max_year},
        ),
        Check("ppk_nip", pl.col("_why_ppk_nip").is_not_null(), pl.col("_why_ppk_nip")),
        Check.fixed(
            "ppk_nama",
            (pl.col("ppk_nip") != "") & (pl.col("ppk_nama") == ""),
            _("The PPK's name is required."),
        ),
        Check(
            "penyedia_npwp",
            pl.col("_why_penyedia_npwp").is_not_null(),
            pl.col("_why_penyedia_npwp"),
        ),
        Check(
            "penyedia_nib", pl.col("_why_penyedia_nib").is_not_null(), pl.col("_why_penyedia_nib")
        ),
        Check.fixed(
            "penyedia_nama",
            ((pl.col("penyedia_npwp") != "") | (pl.col("penyedia_nib") != ""))
            & (pl.col("penyedia_nama") == ""),
            _("The contractor's name is required."),
        ),
        *_money_checks("nilai_hps", "hps"),
        *_money_checks("nilai_kontrak", "contract"),
        *_money_checks("nilai_kontrak", "vat_amount"),
        *_money_checks("nilai_hps", "contribution_in_hps"),
        Check.fixed(
            "nilai_kontrak",
            (pl.col("vat_amount") != 0)
            & (pl.col("contract") != 0)
            & (pl.col("vat_amount") >= pl.col("contract")),
            _("The VAT is larger than the contract value."),
        ),
        Check.fixed(
            "nilai_kontrak",
            pl.col("stage").is_in([str(s) for s in CONTRACT_STAGES]) & pl.col("contract").is_null(),
            _("A contracted project needs its value."),
        ),
        Check.fixed(
            "tanggal_spk",
            pl.col("stage").is_in([str(s) for s in CONTRACT_STAGES]) & pl.col("spk").is_null(),
            _("A contracted project needs its SPK date."),
        ),
    ]
    pairs = (
        ("planned_start", "planned_end", "planned start"),
        ("actual_start", "actual_end", "actual start"),
        ("spk", "actual_end", "spk date"),
    )
    for first, second, label in pairs:
        checks.append(
            Check.fixed(
                "tanggal_selesai",
                pl.col(second) < pl.col(first),
                date_order % {"other": label},
            )
        )
    checks += [
        Check.fixed(
            "tanggal_spk",
            pl.col("spk") > pl.lit(_next_year(today)),
            _("The SPK date is too far ahead."),
        ),
        Check.fixed(
            "jumlah_pekerja",
            ~pl.col("workforce").is_between(0, MAX_WORKFORCE),
            _("Between 0 and 100,000 workers."),
        ),
    ]
    return checks
