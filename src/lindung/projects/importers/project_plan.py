"""Planning a project import column-wise: every row checked, matched and costed, nothing written.

``plan_projects`` reads what it needs once (regions, the parameter set, calendars, the
projects the file names, agencies, PPKs and contractors), then works on whole columns:
cells are parsed and checked (``project_checks``), rows are matched to stored projects by
RUP code or contract number, parties are resolved in bulk, unchanged rows are told apart
by comparing every audited field, and the contribution and registration deadline come
from ``lindung.rules`` (``contributions``). The plan holds frames: rows to create, rows to
update (with what they were, for the audit) and rejected rows with their columns and
reasons in the order a project form would give them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.db import connection
from django.utils.translation import gettext as _

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import region_in_scope
from lindung.core.csv import FORMULA_PREFIXES
from lindung.imports.parsing import QUARANTINE_HEAD
from lindung.projects import list_selectors
from lindung.projects.importers import contributions, project_checks
from lindung.projects.importers.common import (
    CHUNK,
    PROJECT_COLUMNS,
    ImportPlan,
    Progress,
    noop,
)
from lindung.projects.importers.project_checks import Check, map_distinct
from lindung.projects.models import Agency, Contractor, Ppk, Project
from lindung.regions.models import Region
from lindung.regulations import selectors as regulation_selectors

# The stored fields an import compares and writes (``services.AUDITED_FIELDS``), and how
# they are read back: money in cents, dates, flags, numbers and text.
MONEY_FIELDS = ("hps_value", "contribution_in_hps", "contract_value", "vat_amount")
DATE_FIELDS = ("spk_date", "planned_start", "planned_end", "actual_start", "actual_end")
EXISTING_FIELDS = (
    "id",
    "kode_rup",
    "contract_number",
    "name",
    "agency_id",
    "ppk_id",
    "contractor_id",
    "region_id",
    "sector",
    "funding_source",
    "fiscal_year",
    "stage",
    "hps_value",
    "contribution_in_hps",
    "contract_value",
    "value_includes_vat",
    "vat_amount",
    "spk_date",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "planned_workforce",
)
_EXISTING_SCHEMA: dict[str, pl.DataType] = {
    **{name: pl.String() for name in EXISTING_FIELDS},
    "id": pl.Int64(),
    "agency_id": pl.Int64(),
    "ppk_id": pl.Int64(),
    "contractor_id": pl.Int64(),
    "fiscal_year": pl.Int64(),
    "planned_workforce": pl.Int64(),
    "value_includes_vat": pl.Boolean(),
    **{name: pl.Int64() for name in MONEY_FIELDS},
    **{name: pl.Date() for name in DATE_FIELDS},
}
# What a written project holds, from the plan's columns (name on the project: column).
NEW_VALUES = {
    "kode_rup": "new_kode_rup",
    "contract_number": "new_contract_number",
    "name": "nama_paket",
    "agency_id": "agency_id",
    "ppk_id": "ppk_id",
    "contractor_id": "contractor_id",
    "region_id": "kode_wilayah",
    "sector": "sector",
    "funding_source": "funding_source",
    "fiscal_year": "fiscal_year",
    "stage": "stage",
    "hps_value": "hps",
    "contribution_in_hps": "contribution_in_hps",
    "contract_value": "contract",
    "value_includes_vat": "value_includes_vat",
    "vat_amount": "vat_amount",
    "spk_date": "spk",
    "planned_start": "planned_start",
    "planned_end": "planned_end",
    "actual_start": "actual_start",
    "actual_end": "actual_end",
    "planned_workforce": "workforce",
}
_ROW = "_row"


@dataclass
class NewParties:
    """Agencies, PPKs and contractors the import adds, in the order rows first name them."""

    agencies: list[dict[str, Any]] = field(default_factory=list)
    ppks: list[dict[str, Any]] = field(default_factory=list)
    contractors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(kw_only=True)
class ProjectPlan(ImportPlan):
    """Rows to create and to update, unchanged and rejected rows; ``commit_projects`` writes it."""

    kind: str = "projects"
    total: int = 0
    unchanged: int = 0
    today: date
    creates: pl.DataFrame = field(default_factory=pl.DataFrame)
    updates: pl.DataFrame = field(default_factory=pl.DataFrame)
    rejected_rows: pl.DataFrame = field(default_factory=pl.DataFrame)
    parties: NewParties = field(default_factory=NewParties)
    # The contribution bases the written rows refer to, by digest (calculation_basis).
    bases: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def created(self) -> int:
        """Return how many rows create a project."""
        return self.creates.height

    @property
    def updated(self) -> int:
        """Return how many rows change a project."""
        return self.updates.height

    @property
    def rejected(self) -> int:
        """Return how many rows were rejected."""
        return self.rejected_rows.height

    def quarantine_csv(self) -> bytes:
        """Return the rejected rows: UTF-8 with BOM, row, columns, reasons and the row's cells."""
        frame = self.rejected_rows.select(
            pl.col(QUARANTINE_HEAD[0]).cast(pl.String),
            *(
                _escaped(pl.col(name)).alias(name)
                for name in (*QUARANTINE_HEAD[1:], *PROJECT_COLUMNS)
            ),
        )
        out = io.BytesIO()
        out.write("\ufeff".encode())
        frame.write_csv(out, line_terminator="\r\n")
        return out.getvalue()


def _escaped(column: pl.Expr) -> pl.Expr:
    """Prefix ``'`` to text a spreadsheet would run as a formula (``core.csv.escape_cell``)."""
    risky = pl.any_horizontal(*(column.str.starts_with(p) for p in FORMULA_PREFIXES))
    return pl.when(risky).then(pl.lit("'") + column).otherwise(column)


# ----------------------------------------------------------------------------- reference data


def _money_sql(column: str) -> str:
    # Stored decimals as whole cents; SQLite keeps them as REAL, so round, never truncate.
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def existing_projects(kode_rups: Sequence[str], contract_numbers: Sequence[str]) -> pl.DataFrame:
    """Return the stored projects having any of the keys, their audited fields as columns."""
    if connection.vendor == "postgresql":
        return _existing_copied(kode_rups, contract_numbers)
    table = connection.ops.quote_name(Project._meta.db_table)
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for column, keys in (("kode_rup", kode_rups), ("contract_number", contract_numbers)):
            wanted = sorted(set(keys))
            for start in range(0, len(wanted), CHUNK):
                batch = wanted[start : start + CHUNK]
                where = f"{column} IN ({', '.join(['%s'] * len(batch))})"
                cursor.execute(f"SELECT {_selected()} FROM {table} WHERE {where}", batch)  # noqa: S608
                rows.extend(cursor.fetchall())
    columns = list(zip(*rows, strict=True)) if rows else [() for _name in EXISTING_FIELDS]
    series = []
    for name, values in zip(EXISTING_FIELDS, columns, strict=True):
        dtype = _EXISTING_SCHEMA[name]
        if dtype == pl.Date():
            # SQLite dates come back as text or as dates, depending on the column's converter.
            texts = [v if v is None or isinstance(v, str) else v.isoformat() for v in values]
            series.append(pl.Series(name, texts, dtype=pl.String).str.to_date("%Y-%m-%d"))
        elif dtype == pl.Boolean():
            flags = [None if v is None else bool(v) for v in values]
            series.append(pl.Series(name, flags, dtype=pl.Boolean))
        else:
            series.append(pl.Series(name, list(values), dtype=dtype))
    return pl.DataFrame(series).unique("id", keep="first", maintain_order=True)


def _selected() -> str:
    return ", ".join(
        _money_sql(name) if name in MONEY_FIELDS else connection.ops.quote_name(name)
        for name in EXISTING_FIELDS
    )


def _existing_copied(kode_rups: Sequence[str], contract_numbers: Sequence[str]) -> pl.DataFrame:
    """PostgreSQL: send the keys with COPY and read the matches back with COPY, as CSV."""
    keys = pl.DataFrame(
        {
            "kind": ["r"] * len(kode_rups) + ["c"] * len(contract_numbers),
            "key": [*kode_rups, *contract_numbers],
        },
        schema={"kind": pl.String, "key": pl.String},
    ).unique()
    table = connection.ops.quote_name(Project._meta.db_table)
    sent = io.BytesIO()
    keys.write_csv(sent, include_header=False)
    received = io.BytesIO()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS lindung_import_keys")
        cursor.execute("CREATE TEMPORARY TABLE lindung_import_keys (kind text, key text)")
        with connection.wrap_database_errors:
            with cursor.cursor.copy("COPY lindung_import_keys FROM STDIN (FORMAT csv)") as copy:
                copy.write(sent.getvalue())
            query = (
                f"SELECT {_selected()} FROM {table} WHERE kode_rup IN "  # noqa: S608
                "(SELECT key FROM lindung_import_keys WHERE kind = 'r') OR contract_number IN "
                "(SELECT key FROM lindung_import_keys WHERE kind = 'c')"
            )
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv, NULL '\\N')") as copy:
                for block in copy:
                    received.write(block)
        cursor.execute("DROP TABLE lindung_import_keys")
    schema = {
        name: pl.String() if dtype in (pl.Date(), pl.Boolean()) else dtype
        for name, dtype in _EXISTING_SCHEMA.items()
    }
    if not received.getvalue():
        return pl.DataFrame(schema=_EXISTING_SCHEMA)
    frame = pl.read_csv(
        received.getvalue(),
        has_header=False,
        schema=schema,
        null_values="\\N",
    )
    return frame.with_columns(
        *(pl.col(name).str.to_date("%Y-%m-%d") for name in DATE_FIELDS),
        (pl.col("value_includes_vat") == "t").alias("value_includes_vat"),
    ).select(EXISTING_FIELDS)


@dataclass
class _Parties:
    """Agencies, PPKs and contractors as stored, for resolving rows in bulk."""

    agencies: dict[tuple[str, str], int]
    ppks: dict[str, int]
    contractors_by_npwp: dict[str, int]
    contractors_by_name: dict[str, int]
    member_agency_ids: set[int]

    @classmethod
    def load(cls, actor: User | None, nips: Iterable[str]) -> _Parties:
        """Read the parties: one query per kind (PPKs by the file's NIPs)."""
        agencies: dict[tuple[str, str], int] = {}
        for pk, name, region_id in Agency.objects.order_by("name", "id").values_list(
            "id", "name", "region_id"
        ):
            agencies[(name.lower(), region_id)] = pk  # like a dict of all: the last wins
        wanted = sorted(set(nips) - {""})
        ppks: dict[str, int] = {}
        for start in range(0, len(wanted), CHUNK):
            ppks.update(
                Ppk.objects.filter(nip__in=wanted[start : start + CHUNK]).values_list("nip", "id")
            )
        by_npwp: dict[str, int] = {}
        by_name: dict[str, int] = {}
        for pk, name, npwp in Contractor.objects.order_by("name", "id").values_list(
            "id", "name", "npwp"
        ):
            if npwp:
                by_npwp[npwp] = pk
            by_name.setdefault(name.lower(), pk)  # the first by name wins
        members: set[int] = set()
        if actor is not None and actor.role == Role.AGENCY_USER:
            members = set(actor.agencies.values_list("id", flat=True))
        return cls(agencies, ppks, by_npwp, by_name, members)


# ----------------------------------------------------------------------------- the plan


def _match(work: pl.DataFrame, existing: pl.DataFrame) -> pl.DataFrame:
    """Match rows to stored projects by RUP code, else by contract number; flag conflicts."""
    by_rup = existing.filter(pl.col("kode_rup").is_not_null()).select(
        pl.col("kode_rup").alias("_key_rup"), pl.col("id").alias("_by_rup")
    )
    by_contract = existing.filter(pl.col("contract_number").is_not_null()).select(
        pl.col("contract_number").alias("_key_contract"),
        pl.col("id").alias("_by_contract"),
        pl.col("kode_rup").alias("_contract_rup"),
    )
    work = (
        work.with_columns(
            pl.when(pl.col("kode_rup") != "").then(pl.col("kode_rup")).alias("_key_rup"),
            pl.when(pl.col("nomor_kontrak") != "")
            .then(pl.col("nomor_kontrak"))
            .alias("_key_contract"),
        )
        .join(by_rup, on="_key_rup", how="left", maintain_order="left")
        .join(by_contract, on="_key_contract", how="left", maintain_order="left")
    )
    other_project = pl.col("_by_rup").is_not_null() & (
        pl.col("_by_contract").is_not_null() & (pl.col("_by_contract") != pl.col("_by_rup"))
    )
    other_rup = (
        pl.col("_by_rup").is_null()
        & pl.col("_by_contract").is_not_null()
        & (pl.col("kode_rup") != "")
        & pl.col("_contract_rup").is_not_null()
        & (pl.col("_contract_rup") != pl.col("kode_rup"))
    )
    work = work.with_columns(
        (other_project | other_rup).fill_null(False).alias("_contract_taken"),
        pl.coalesce(
            pl.col("_by_rup"), pl.when(~other_rup.fill_null(False)).then(pl.col("_by_contract"))
        ).alias("ex_id"),
    )
    renamed = existing.select(pl.col(name).alias(f"ex_{name}") for name in EXISTING_FIELDS)
    return work.join(renamed, on="ex_id", how="left", maintain_order="left")


def _scope_check(actor: User | None, work: pl.DataFrame, parties: _Parties) -> Check | None:
    """Return the row check of what the actor may write, or None when it may write any row."""
    if actor is None or actor.role == Role.PROVINCIAL_ADMIN:
        return None
    if actor.role == Role.REGENCY_OFFICER:
        codes = set(work.get_column("kode_wilayah").to_list()) | set(
            work.get_column("ex_region_id").drop_nulls().to_list()
        )
        inside = {code: bool(code) and region_in_scope(actor, code) for code in codes}
        new_inside = pl.col("kode_wilayah").replace_strict(inside, return_dtype=pl.Boolean)
        old_inside = pl.col("ex_region_id").replace_strict(
            inside, default=True, return_dtype=pl.Boolean
        )
        message = _("The project lies outside your region (%(region)s).") % {
            "region": actor.region_code
        }
        return Check.fixed("kode_wilayah", ~(new_inside & old_inside.fill_null(True)), message)
    if actor.role == Role.AGENCY_USER:
        members = sorted(parties.member_agency_ids)
        own_new = pl.col("agency_id").is_in(members).fill_null(False)
        own_old = pl.col("ex_id").is_null() | pl.col("ex_agency_id").is_in(members).fill_null(False)
        return Check.fixed(
            "kode_wilayah",
            ~(own_new & own_old),
            _("You may import only your own agencies' projects."),
        )
    return Check.fixed("kode_wilayah", pl.lit(True), _("Your role does not allow this import."))


def _duplicates(work: pl.DataFrame, ok: pl.Series) -> pl.Series:
    """Return, per row, the column of a key already used by an earlier accepted row.

    A row is checked against the keys of the rows accepted before it (and of the projects
    they matched). Only rows sharing a key with another row can be affected, so those few
    are walked in file order; every other row has no earlier duplicate.
    """
    keys = work.select(
        pl.col(_ROW),
        pl.col("kode_rup").alias("rup"),
        pl.col("nomor_kontrak").alias("contract"),
        pl.col("ex_kode_rup").fill_null("").alias("ex_rup"),
        pl.col("ex_contract_number").fill_null("").alias("ex_contract"),
    ).with_columns(ok.alias("ok"))
    long = pl.concat(
        [
            keys.select(_ROW, pl.lit("r").alias("ns"), pl.col(c).alias("key"))
            for c in ("rup", "ex_rup")
        ]
        + [
            keys.select(_ROW, pl.lit("c").alias("ns"), pl.col(c).alias("key"))
            for c in ("contract", "ex_contract")
        ]
    ).filter(pl.col("key") != "")
    shared = (
        long.unique()
        .group_by("ns", "key")
        .agg(pl.col(_ROW).n_unique().alias("n"), pl.col(_ROW))
        .filter(pl.col("n") > 1)
    )
    involved = set(shared.get_column(_ROW).explode().to_list()) if shared.height else set()
    column: list[str | None] = [None] * work.height
    seen_rup: set[str] = set()
    seen_contract: set[str] = set()
    for row in keys.filter(pl.col(_ROW).is_in(sorted(involved))).sort(_ROW).iter_rows(named=True):
        rup, contract = row["rup"], row["contract"]
        if rup and rup in seen_rup:
            column[row[_ROW]] = "kode_rup"
        elif contract and contract in seen_contract:
            column[row[_ROW]] = "nomor_kontrak"
        elif row["ok"]:
            seen_rup.update(k for k in (rup, row["ex_rup"]) if k)
            seen_contract.update(k for k in (contract, row["ex_contract"]) if k)
    return pl.Series("_duplicate", column, dtype=pl.String)


def _problems(checks: Sequence[Check]) -> list[pl.Expr]:
    """Return the ``kolom`` (columns at fault, each once) and ``alasan`` (reasons) columns."""
    whys = [pl.when(c.when.fill_null(False)).then(c.why) for c in checks]
    columns = [pl.when(c.when.fill_null(False)).then(c.where) for c in checks]
    return [
        pl.concat_list(columns)
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .list.join("; ")
        .alias("kolom"),
        pl.concat_list(whys).list.drop_nulls().list.join("; ").alias("alasan"),
    ]


def _suppressed(check: Check, parse: Sequence[Check]) -> Check:
    """Drop a validation problem where its column already has an unreadable-cell problem."""
    same = [p.when.fill_null(False) for p in parse if p.column == check.column]
    if not same:
        return check
    return Check(check.column, check.when.fill_null(False) & ~pl.any_horizontal(same), check.why)


def _resolve_contractors(rows: pl.DataFrame, parties: _Parties, new: NewParties) -> pl.DataFrame:
    """Resolve contractors by NPWP, then by name; the first row naming a new one creates it."""
    distinct = rows.select("penyedia_nama", "penyedia_npwp", "penyedia_nib").unique(
        maintain_order=True
    )
    by_npwp = {k: ("id", v) for k, v in parties.contractors_by_npwp.items()}
    by_name = {k: ("id", v) for k, v in parties.contractors_by_name.items()}
    found: list[tuple[str, int] | None] = []
    for name, npwp, nib in distinct.iter_rows():
        if not name and not npwp:
            found.append(None)
            continue
        digits = npwp.replace(".", "").replace("-", "")
        hit = by_npwp.get(digits) if digits else None
        if hit is None and name:
            hit = by_name.get(name.lower())
        if hit is None:
            hit = ("new", len(new.contractors))
            new.contractors.append({"name": name, "npwp": digits, "nib": nib})
            if digits:
                by_npwp[digits] = hit
            by_name[name.lower()] = hit
        found.append(hit)
    table = distinct.with_columns(
        pl.Series("contractor_id", [h[1] if h and h[0] == "id" else None for h in found]),
        pl.Series("contractor_new", [h[1] if h and h[0] == "new" else None for h in found]),
    )
    return rows.join(
        table.with_columns(pl.col("contractor_id", "contractor_new").cast(pl.Int64)),
        on=["penyedia_nama", "penyedia_npwp", "penyedia_nib"],
        how="left",
        maintain_order="left",
    )


def _first_new(rows: pl.DataFrame, key: list[str], index: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Number the distinct keys of ROWS in the order rows first name them; return the
    first such row of each key and ROWS with the key's number in column INDEX."""
    first = rows.unique(subset=key, keep="first", maintain_order=True).with_row_index(index)
    numbered = rows.join(
        first.select(*key, pl.col(index).cast(pl.Int64)),
        on=key,
        how="left",
        maintain_order="left",
        nulls_equal=True,
    )
    return first, numbered


def _resolve_parties(rows: pl.DataFrame, parties: _Parties) -> tuple[pl.DataFrame, NewParties]:
    """Give each accepted row its agency, PPK and contractor: a stored id or a new one's index."""
    new = NewParties()
    rows = rows.with_row_index("_order")
    unknown = rows.filter(pl.col("agency_id").is_null())
    first, numbered = _first_new(unknown, ["_agency_lower", "_regency"], "agency_new")
    new.agencies = [
        {"name": name, "region_id": code, "funding_level": funding}
        for name, code, funding in first.select("satker", "_regency", "funding_source").iter_rows()
    ]
    rows = rows.join(
        numbered.select("_order", "agency_new"), on="_order", how="left", maintain_order="left"
    )
    stored_ppks = pl.DataFrame(
        {"ppk_nip": list(parties.ppks), "ppk_id": list(parties.ppks.values())},
        schema={"ppk_nip": pl.String, "ppk_id": pl.Int64},
    )
    rows = rows.join(stored_ppks, on="ppk_nip", how="left", maintain_order="left")
    unknown = rows.filter((pl.col("ppk_nip") != "") & pl.col("ppk_id").is_null())
    first, numbered = _first_new(unknown, ["ppk_nip"], "ppk_new")
    new.ppks = first.select(
        pl.col("ppk_nip").alias("nip"),
        pl.col("ppk_nama").alias("name"),
        "agency_id",
        "agency_new",
    ).to_dicts()
    rows = rows.join(
        numbered.select("_order", "ppk_new"), on="_order", how="left", maintain_order="left"
    ).drop("_order")
    return _resolve_contractors(rows, parties, new), new


def _changed(rows: pl.DataFrame) -> pl.Expr:
    """Return whether a matched row changes any audited field or names a new party."""
    differs = [
        pl.col(column).ne_missing(pl.col(f"ex_{name}")) for name, column in NEW_VALUES.items()
    ]
    new_party = pl.any_horizontal(
        pl.col("agency_new").is_not_null(),
        pl.col("ppk_new").is_not_null(),
        pl.col("contractor_new").is_not_null(),
    )
    return pl.any_horizontal(*differs) | new_party


def plan_projects(
    *,
    actor: User | None,
    frame: pl.DataFrame,
    today: date,
    progress: Progress = noop,
) -> ProjectPlan:
    """Check every project row column-wise with data loaded once; return what committing does.

    ``frame`` holds the template's columns as stripped text (blank cells are ``""``).
    """
    total = frame.height
    progress(0, total, _("Loading reference data"))
    rows = frame.select(PROJECT_COLUMNS).with_row_index(_ROW)
    params = regulation_selectors.parameter_set()
    levels = dict(Region.objects.values_list("code", "level"))
    existing = existing_projects(
        rows.filter(pl.col("kode_rup") != "").get_column("kode_rup").to_list(),
        rows.filter(pl.col("nomor_kontrak") != "").get_column("nomor_kontrak").to_list(),
    )
    parties = _Parties.load(actor, rows.get_column("ppk_nip").to_list())
    progress(0, total, _("Checking rows"))

    work = pl.concat(
        [
            rows,
            project_checks.parse_rows(rows),
            project_checks.identifier_checks(rows, today=today, params=params),
        ],
        how="horizontal",
    )
    work = _match(work, existing)
    work = work.with_columns(project_checks.input_columns(today=today))
    work = work.with_columns(
        pl.col("kode_wilayah")
        .replace_strict(levels, default=None, return_dtype=pl.String)
        .alias("region_level"),
        pl.col("kode_wilayah").str.extract(r"^([^.]*(?:\.[^.]*)?)", 1).alias("_regency"),
        map_distinct(work.get_column("satker"), str.lower, pl.String()).alias("_agency_lower"),
    )
    agencies = pl.DataFrame(
        [(lower, code, pk) for (lower, code), pk in parties.agencies.items()],
        schema={"_agency_lower": pl.String, "_regency": pl.String, "agency_id": pl.Int64},
        orient="row",
    )
    work = work.join(agencies, on=["_agency_lower", "_regency"], how="left", maintain_order="left")

    parse = [
        Check.fixed(
            "nomor_kontrak",
            pl.col("_contract_taken"),
            _("Another project has this contract number."),
        ),
        *project_checks.parse_checks(),
    ]
    validation = [_suppressed(c, parse) for c in project_checks.validation_checks(today=today)]
    scope = _scope_check(actor, work, parties)
    found = work.select(
        pl.any_horizontal(*(c.when.fill_null(False) for c in (*parse, *validation))).alias("bad"),
        (scope.when.fill_null(False) if scope else pl.lit(False)).alias("out_of_scope"),
    )
    ok = ~found.get_column("bad") & ~found.get_column("out_of_scope")
    work = work.with_columns(_duplicates(work, ok), found.get_column("bad").alias("_bad"))
    duplicate = Check(
        "kode_rup",
        pl.col("_duplicate").is_not_null(),
        pl.col("_duplicate") + pl.lit(": " + _("The same project appears earlier in the file.")),
        at=pl.col("_duplicate"),
    )
    checks = [parse[0], duplicate, *parse[1:], *validation]
    if scope is not None:
        checks.append(
            Check(
                scope.column,
                scope.when.fill_null(False) & ~pl.col("_bad") & pl.col("_duplicate").is_null(),
                scope.why,
            )
        )
    work = work.with_columns(_problems(checks))
    rejected = work.filter(pl.col("alasan") != "")
    accepted = work.filter(pl.col("alasan") == "")

    accepted, new_parties = _resolve_parties(accepted, parties)
    accepted = accepted.with_columns(
        pl.when(pl.col("kode_rup") != "")
        .then(pl.col("kode_rup"))
        .otherwise(pl.col("ex_kode_rup"))
        .alias("new_kode_rup"),
        pl.when(pl.col("nomor_kontrak") != "")
        .then(pl.col("nomor_kontrak"))
        .otherwise(pl.col("ex_contract_number"))
        .alias("new_contract_number"),
    )
    matched = pl.col("ex_id").is_not_null()
    accepted = accepted.with_columns((~matched | _changed(accepted)).alias("_write"))
    unchanged = accepted.filter(~pl.col("_write")).height
    writes = accepted.filter(pl.col("_write"))
    writes, bases = _costed(writes, params=params, today=today)
    failed = writes.filter(pl.col("_cost_reasons").is_not_null())
    writes = writes.filter(pl.col("_cost_reasons").is_null())
    if failed.height:
        # Only the rows that will be written may add parties.
        resolved = ["agency_new", "ppk_id", "ppk_new", "contractor_id", "contractor_new"]
        writes, new_parties = _resolve_parties(writes.drop(resolved), parties)
    rejected = pl.concat(
        [
            rejected.select(_ROW, "kolom", "alasan", *PROJECT_COLUMNS),
            failed.select(
                _ROW,
                pl.col("_cost_columns").alias("kolom"),
                pl.col("_cost_reasons").alias("alasan"),
                *PROJECT_COLUMNS,
            ),
        ]
    ).sort(_ROW)
    progress(total, total, _("Rows checked"))
    return ProjectPlan(
        total=total,
        unchanged=unchanged,
        today=today,
        creates=writes.filter(pl.col("ex_id").is_null()),
        updates=writes.filter(pl.col("ex_id").is_not_null()),
        rejected_rows=rejected.select(
            (pl.col(_ROW) + 2).cast(pl.Int64).alias(QUARANTINE_HEAD[0]),
            pl.col("kolom").alias(QUARANTINE_HEAD[1]),
            pl.col("alasan").alias(QUARANTINE_HEAD[2]),
            *PROJECT_COLUMNS,
        ),
        parties=new_parties,
        bases=bases,
    )


def _costed(
    writes: pl.DataFrame, *, params: Any, today: date
) -> tuple[pl.DataFrame, contributions.Bases]:
    """Add the contribution, its detail and the registration deadline; and their errors.

    Also return the contribution bases the rows refer to, by digest.
    """
    inputs = writes.select(
        pl.col("contract").alias(contributions.VALUE),
        pl.col("vat_amount").alias(contributions.VAT),
        pl.col("value_includes_vat").alias(contributions.VAT_INCLUDED),
        pl.col("spk").fill_null(pl.lit(today)).alias(contributions.AS_OF),
    )
    costs, bases = contributions.contribution_columns(inputs, params)
    years = writes.get_column("spk").drop_nulls().dt.year().unique().to_list()
    context = list_selectors.compliance_context(as_of=today)
    due = contributions.registration_due_columns(
        writes,
        spk="spk",
        regency="_regency",
        params=params,
        calendar=lambda code: context.calendar(code, years),
    )
    writes = pl.concat([writes, costs, due], how="horizontal")
    value_reasons = (
        pl.col(contributions.ERRORS)
        .list.eval(pl.lit("nilai_kontrak: ") + pl.element())
        .list.join("; ")
    )
    due_reasons = (
        pl.col("registration_errors")
        .list.eval(pl.lit("tanggal_spk: ") + pl.element())
        .list.join("; ")
    )
    # Like the single-project path: a refused contribution stops before the deadline.
    value_refused = pl.col(contributions.ERRORS).is_not_null()
    costed = writes.with_columns(
        pl.when(value_refused).then(value_reasons).otherwise(due_reasons).alias("_cost_reasons"),
        pl.when(value_refused)
        .then(pl.lit("nilai_kontrak"))
        .when(pl.col("registration_errors").is_not_null())
        .then(pl.lit("tanggal_spk"))
        .alias("_cost_columns"),
    )
    return costed, bases
