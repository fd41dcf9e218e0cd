"""The Jakon contribution and registration deadline of many projects at once, column-wise.

``lindung.rules.jakon.jakon_contribution`` stays the one source of truth. It is run once
per *regime* (each distinct set of parameter versions in force: tiers, COVID relief
factor, contract base) to learn the bands, rates, parameters used and warnings; then every
project's tier slices, exact and rounded amounts, effective rate and the stored detail
(the project's own part of the rules' ``to_dict`` shape, as JSON text, and the digest of
its basis: ``projects.calculation_basis``) are computed with exact integer arithmetic in
polars (amounts in cents, rates as scaled integers, 128-bit). Projects the
vectorised path cannot reproduce exactly (a contract base other than "as entered", a date
with no parameters in force, an effective rate within a hair of a rounding tie) are
computed row by row with the rules function itself. A property test checks that both give
the same result.

The registration deadline uses ``rules.deadlines.jakon_registration_due`` once per
distinct (regency, SPK date), O(1) each thanks to the calendar's prefix sums.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from lindung.projects import calculation_basis
from lindung.rules import errors as rule_errors
from lindung.rules.calendar import WorkingCalendar
from lindung.rules.deadlines import jakon_registration_due
from lindung.rules.jakon import ContractBase, JakonContribution, Vat, jakon_contribution
from lindung.rules.money import ABSURD_LIMIT, json_amount, json_decimal
from lindung.rules.parameters import Parameter, ParameterSet

# Input columns: contract value and VAT in cents, VAT included flag, the date of the rates.
VALUE, VAT, VAT_INCLUDED, AS_OF = "value_c", "vat_c", "vat_included", "as_of"
# Output columns; BASIS is the digest of the detail's basis (parameters, warnings, bands).
JKK, JKM, TOTAL, DETAIL, BASIS, ERRORS = (
    "contribution_jkk",
    "contribution_jkm",
    "contribution_total",
    "contribution_detail",
    "contribution_basis",
    "contribution_errors",
)
Bases = dict[str, dict[str, Any]]
_INDEX = "_contribution_row"
# The effective rate is rounded to 6 places; closer than this share of a unit to a tie,
# the rules' 28-digit division could round differently, so such rows go row by row.
_TIE_MARGIN = 10**14


@dataclass(frozen=True)
class _Band:
    lower_c: int
    upper_c: int | None
    jkk_units: int  # rate (x relief factor) in percent, times 10**rate_scale
    jkm_units: int


@dataclass(frozen=True)
class _Regime:
    """What the rules say for one set of parameter versions, independent of the value."""

    bands: tuple[_Band, ...]
    scale: int  # decimal places of an exact amount: 2 (cents) + 2 (percent) + rate places
    basis: dict[str, Any]  # policy, relief, parameters, warnings, bands (stored once)
    digest: str


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _units(value: Decimal, places: int) -> int:
    return int(value.scaleb(places))


def _regime(sample: JakonContribution) -> _Regime | None:
    """Return the regime of a sample result, or None when only the rules can compute it."""
    if sample.base_policy is not ContractBase.AS_ENTERED:
        return None
    rate_places = max(
        (_places(rate) for line in sample.tiers for rate in (line.jkk_rate_pct, line.jkm_rate_pct)),
        default=0,
    )
    bands = []
    for line in sample.tiers:
        bands.append(
            _Band(
                lower_c=_units(line.lower, 2),
                upper_c=None if line.upper is None else _units(line.upper, 2),
                jkk_units=_units(line.jkk_rate_pct, rate_places),
                jkm_units=_units(line.jkm_rate_pct, rate_places),
            )
        )
    basis, _own = calculation_basis.split(sample.to_dict())
    return _Regime(
        bands=tuple(bands),
        scale=4 + rate_places,
        basis=basis,
        digest=calculation_basis.digest(basis),
    )


def _decimal_text(amount: pl.Expr, scale: int) -> pl.Expr:
    """Return ``json_decimal`` of AMOUNT / 10**SCALE (amount is a non-negative integer)."""
    if scale == 0:
        return amount.cast(pl.String)
    unit = 10**scale
    whole = (amount // unit).cast(pl.String)
    fraction = (amount % unit).cast(pl.String).str.zfill(scale).str.strip_chars_end("0")
    return pl.when(fraction == "").then(whole).otherwise(whole + "." + fraction)


def _quoted(text: pl.Expr) -> pl.Expr:
    return pl.lit('"') + text + pl.lit('"')


def _amount_json(cents: pl.Expr) -> pl.Expr:
    """Return ``json_amount`` of CENTS / 100: a number when whole, else a string."""
    return (
        pl.when(cents % 100 == 0)
        .then((cents // 100).cast(pl.String))
        .otherwise(_quoted(_decimal_text(cents, 2)))
    )


def _vectorised(frame: pl.DataFrame, regime: _Regime) -> pl.DataFrame:
    """Compute the regime's rows; also flag rows too close to a rounding tie.

    Only the band holding the value has a partial slice: the bands below it are full and
    the bands above it empty, both constant per regime. So each row formats the amounts of
    one band, and the rest of the slice list is a constant chosen by the band's number.
    """
    bands = regime.bands
    scale = regime.scale
    unit = 10**scale
    value = pl.col(VALUE).cast(pl.Int128)
    # The band holding the value: the first whose upper bound is at least the value.
    band = pl.sum_horizontal(
        *((value > b.upper_c).cast(pl.Int32) for b in bands if b.upper_c is not None)
    )
    full_jkk: list[int] = []
    full_jkm: list[int] = []
    prefixes: list[str] = []
    suffixes: list[str] = []
    jkk_before = jkm_before = 0
    for k, b in enumerate(bands):
        full_jkk.append(jkk_before)
        full_jkm.append(jkm_before)
        done = [_full_slice(c, scale) for c in bands[:k]]
        prefixes.append("".join(f"{line}, " for line in done) + "[")
        suffixes.append(', [0, "0", "0"]' * (len(bands) - k - 1))
        if b.upper_c is not None:
            jkk_before += (b.upper_c - b.lower_c) * b.jkk_units
            jkm_before += (b.upper_c - b.lower_c) * b.jkm_units
    lowers = {k: b.lower_c for k, b in enumerate(bands)}
    jkk_units = {k: b.jkk_units for k, b in enumerate(bands)}
    jkm_units = {k: b.jkm_units for k, b in enumerate(bands)}

    def per_band(table: dict[int, int] | list[int], dtype: pl.DataType) -> pl.Expr:
        mapping = dict(enumerate(table)) if isinstance(table, list) else table
        return pl.col("_band").replace_strict(mapping, return_dtype=dtype)

    work = frame.with_columns(band.alias("_band"))
    portion = (value - per_band(lowers, pl.Int128())).alias("_slice")
    work = work.with_columns(portion)
    jkk_line = pl.col("_slice") * per_band(jkk_units, pl.Int128())
    jkm_line = pl.col("_slice") * per_band(jkm_units, pl.Int128())
    work = work.with_columns(
        jkk_line.alias("_jkk_line"),
        jkm_line.alias("_jkm_line"),
    ).with_columns(
        (pl.col("_jkk_line") + per_band(full_jkk, pl.Int128())).alias("_jkk"),
        (pl.col("_jkm_line") + per_band(full_jkm, pl.Int128())).alias("_jkm"),
    )
    half = unit // 2
    work = work.with_columns(
        ((pl.col("_jkk") + half) // unit).alias("_jkk_r"),
        ((pl.col("_jkm") + half) // unit).alias("_jkm_r"),
        (pl.col("_jkk") + pl.col("_jkm")).alias("_total"),
        # Effective rate x 10**6 = total / base x 100, exactly, then rounded half-even.
        (value * unit).alias("_den"),
    )
    numerator = pl.col("_total") * 10**10
    work = work.with_columns(
        (numerator // pl.col("_den")).alias("_q"),
        (numerator % pl.col("_den") * 2 - pl.col("_den")).alias("_twice_rem"),
    ).with_columns(
        (
            pl.col("_q")
            + (
                (pl.col("_twice_rem") > 0) | ((pl.col("_twice_rem") == 0) & (pl.col("_q") % 2 == 1))
            ).cast(pl.Int128)
        ).alias("_rate"),
        (
            (pl.col("_twice_rem") != 0)
            & (pl.col("_twice_rem").abs() * _TIE_MARGIN < pl.col("_den"))
        ).alias("_near_tie"),
    )
    value_text = _quoted(_decimal_text(value, 2))
    vat_text = (
        pl.when(pl.col(VAT).is_null())
        .then(pl.lit("null"))
        .otherwise(_quoted(_decimal_text(pl.col(VAT).cast(pl.Int128), 2)))
    )
    detail = pl.concat_str(
        pl.lit('{"contract_value": '),
        value_text,
        pl.lit(', "base": '),
        value_text,
        pl.lit(', "vat_amount": '),
        vat_text,
        pl.lit(', "jkk": '),
        pl.col("_jkk_r").cast(pl.String),
        pl.lit(', "jkm": '),
        pl.col("_jkm_r").cast(pl.String),
        pl.lit(', "total": '),
        (pl.col("_jkk_r") + pl.col("_jkm_r")).cast(pl.String),
        pl.lit(', "jkk_exact": '),
        _quoted(_decimal_text(pl.col("_jkk"), scale)),
        pl.lit(', "jkm_exact": '),
        _quoted(_decimal_text(pl.col("_jkm"), scale)),
        pl.lit(', "total_exact": '),
        _quoted(_decimal_text(pl.col("_total"), scale)),
        pl.lit(', "effective_rate_pct": '),
        _quoted(_decimal_text(pl.col("_rate"), 6)),
        pl.lit(', "slices": ['),
        per_band(prefixes, pl.String()),  # type: ignore[arg-type]
        _amount_json(pl.col("_slice")),
        pl.lit(", "),
        _quoted(_decimal_text(pl.col("_jkk_line"), scale)),
        pl.lit(", "),
        _quoted(_decimal_text(pl.col("_jkm_line"), scale)),
        pl.lit("]"),
        per_band(suffixes, pl.String()),  # type: ignore[arg-type]
        pl.lit('], "as_of": "'),
        pl.col(AS_OF).dt.to_string("%Y-%m-%d"),
        pl.lit('"}'),
    )
    return work.select(
        _INDEX,
        pl.col("_jkk_r").cast(pl.Int64).alias(JKK),
        pl.col("_jkm_r").cast(pl.Int64).alias(JKM),
        (pl.col("_jkk_r") + pl.col("_jkm_r")).cast(pl.Int64).alias(TOTAL),
        detail.alias(DETAIL),
        pl.lit(regime.digest).alias(BASIS),
        pl.lit(None, dtype=pl.List(pl.String)).alias(ERRORS),
        pl.col("_near_tie"),
    )


def _full_slice(band: _Band, scale: int) -> str:
    """Return the JSON slice of a band the value fills (a constant per regime)."""
    assert band.upper_c is not None  # noqa: S101 - only the last band is open
    width = band.upper_c - band.lower_c
    return json.dumps(
        [
            json_amount(Decimal(width).scaleb(-2)),
            _exact_text(width * band.jkk_units, scale),
            _exact_text(width * band.jkm_units, scale),
        ]
    )


def _exact_text(amount: int, scale: int) -> str:
    """Return ``json_decimal`` of AMOUNT / 10**SCALE for a constant amount."""
    return json_decimal(Decimal(amount).scaleb(-scale))


def _row_by_row(frame: pl.DataFrame, params: ParameterSet, bases: Bases) -> pl.DataFrame:
    """Compute rows with the rules function itself (the rare cases); add their bases."""
    out: dict[str, list[object]] = {
        _INDEX: [],
        JKK: [],
        JKM: [],
        TOTAL: [],
        DETAIL: [],
        BASIS: [],
        ERRORS: [],
    }
    for row in frame.iter_rows(named=True):
        value = Decimal(row[VALUE]).scaleb(-2)
        vat = None
        if row[VAT] is not None:
            vat = Vat(Decimal(row[VAT]).scaleb(-2), included_in_value=bool(row[VAT_INCLUDED]))
        out[_INDEX].append(row[_INDEX])
        try:
            result = jakon_contribution(value, row[AS_OF], params, vat=vat)
        except rule_errors.RulesError as exc:
            for name in (JKK, JKM, TOTAL, DETAIL, BASIS):
                out[name].append(None)
            out[ERRORS].append([issue.message("id") for issue in exc.issues])
            continue
        out[JKK].append(int(result.jkk.rounded))
        out[JKM].append(int(result.jkm.rounded))
        out[TOTAL].append(int(result.total))
        basis, own = calculation_basis.split(result.to_dict())
        key = calculation_basis.digest(basis)
        bases.setdefault(key, basis)
        out[DETAIL].append(json.dumps(own))
        out[BASIS].append(key)
        out[ERRORS].append(None)
    return pl.DataFrame(
        out,
        schema={
            _INDEX: pl.UInt32,
            JKK: pl.Int64,
            JKM: pl.Int64,
            TOTAL: pl.Int64,
            DETAIL: pl.String,
            BASIS: pl.String,
            ERRORS: pl.List(pl.String),
        },
    )


def _version(record: Parameter | None) -> tuple[str, date] | None:
    return None if record is None else (record.name, record.valid_from)


def _regime_keys(
    dates: Iterable[date], params: ParameterSet
) -> tuple[dict[date, int | None], dict[int, _Regime | None]]:
    """Map each date to a regime id (None: row by row) and each id to its regime."""
    dates = sorted(set(dates))
    names: tuple[str, ...] | None = None
    for day in dates:
        try:
            sample = jakon_contribution(Decimal(1), day, params)
        except rule_errors.RulesError:
            continue
        names = tuple(p.name for p in sample.parameters)
        break
    by_date: dict[date, int | None] = {}
    regimes: dict[int, _Regime | None] = {}
    ids: dict[tuple[tuple[str, date] | None, ...], int] = {}
    for day in dates:
        if names is None:
            by_date[day] = None
            continue
        key = tuple(_version(params.find(name, day)) for name in names)
        if key not in ids:
            ids[key] = len(ids)
            try:
                regimes[ids[key]] = _regime(jakon_contribution(Decimal(1), day, params))
            except rule_errors.RulesError:
                regimes[ids[key]] = None
        by_date[day] = ids[key] if regimes[ids[key]] is not None else None
    return by_date, regimes


def contribution_columns(frame: pl.DataFrame, params: ParameterSet) -> tuple[pl.DataFrame, Bases]:
    """Return JKK, JKM, total (whole rupiah), detail, basis and errors for each row.

    ``frame`` has ``value_c`` and ``vat_c`` (cents, nullable), ``vat_included`` and
    ``as_of``. The detail is the project's own part of the rules' result (JSON text), the
    basis the digest of the rest; the bases used are returned by digest beside the rows.
    A row without a contract value gets nulls and ``{}`` as its detail; a row the rules
    refuse gets its reasons (Indonesian) in ``contribution_errors``.
    """
    work = frame.select(VALUE, VAT, VAT_INCLUDED, AS_OF).with_row_index(_INDEX)
    valued = work.filter(pl.col(VALUE).is_not_null())
    by_date, regimes = _regime_keys(valued.get_column(AS_OF).to_list(), params)
    limit = int(ABSURD_LIMIT) * 100
    # Values the rules refuse go row by row, so the reasons are the rules' own.
    refused = (
        (pl.col(VALUE) <= 0)
        | (pl.col(VALUE) > limit)
        | (pl.col(VAT).is_not_null() & ((pl.col(VAT) < 0) | (pl.col(VAT) > limit)))
        | (pl.col(VAT).is_not_null() & pl.col(VAT_INCLUDED) & (pl.col(VAT) >= pl.col(VALUE)))
    )
    regime_of = (
        pl.col(AS_OF).replace_strict(by_date, default=None, return_dtype=pl.Int32)
        if by_date
        else pl.lit(None, dtype=pl.Int32)
    )
    valued = valued.with_columns(
        pl.when(refused).then(pl.lit(None, dtype=pl.Int32)).otherwise(regime_of).alias("_regime")
    )
    parts: list[pl.DataFrame] = []
    bases: Bases = {}
    slow = [valued.filter(pl.col("_regime").is_null())]
    for regime_id, regime in regimes.items():
        if regime is None:
            continue
        rows = valued.filter(pl.col("_regime") == regime_id)
        if rows.height == 0:
            continue
        computed = _vectorised(rows, regime)
        near = computed.get_column("_near_tie")
        if not near.all():
            bases[regime.digest] = regime.basis
        parts.append(computed.filter(~near).drop("_near_tie"))
        slow.append(rows.filter(near))
    slow_rows = pl.concat(slow)
    if slow_rows.height:
        parts.append(_row_by_row(slow_rows, params, bases))
    empty = work.filter(pl.col(VALUE).is_null()).select(
        _INDEX,
        pl.lit(None, dtype=pl.Int64).alias(JKK),
        pl.lit(None, dtype=pl.Int64).alias(JKM),
        pl.lit(None, dtype=pl.Int64).alias(TOTAL),
        pl.lit("{}").alias(DETAIL),
        pl.lit(None, dtype=pl.String).alias(BASIS),
        pl.lit(None, dtype=pl.List(pl.String)).alias(ERRORS),
    )
    parts.append(empty)
    rows = pl.concat(parts, how="vertical_relaxed").sort(_INDEX).drop(_INDEX)
    return rows, bases


def registration_due_columns(
    frame: pl.DataFrame,
    *,
    spk: str,
    regency: str,
    params: ParameterSet,
    calendar: Callable[[str], WorkingCalendar],
) -> pl.DataFrame:
    """Return ``registration_due`` and ``registration_errors`` for each row.

    Computed once per distinct (regency, SPK date) with ``jakon_registration_due``;
    ``calendar(regency)`` returns the regency's calendar covering the SPK years.
    """
    pairs = frame.select(spk, regency).filter(pl.col(spk).is_not_null()).unique()
    dues: list[date | None] = []
    errors: list[list[str] | None] = []
    for day, code in pairs.iter_rows():
        try:
            dues.append(jakon_registration_due(day, params, calendar(code)))
            errors.append(None)
        except rule_errors.RulesError as exc:
            dues.append(None)
            errors.append([issue.message("id") for issue in exc.issues])
    table = pairs.with_columns(
        pl.Series("registration_due", dues, dtype=pl.Date),
        pl.Series("registration_errors", errors, dtype=pl.List(pl.String)),
    )
    return (
        frame.select(spk, regency)
        .join(table, on=[spk, regency], how="left", maintain_order="left")
        .select("registration_due", "registration_errors")
    )
