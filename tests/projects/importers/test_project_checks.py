"""The column-wise checks give every row the problems, columns and reasons, in the order, that
checking it row by row with the project form's ``validate_project_input`` gives.

The reference below is the row-by-row importer this package replaced, kept as an oracle.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.imports.parsing import parse_bool, parse_date, parse_int, parse_rupiah
from lindung.projects import importers
from lindung.projects import services as project_services
from lindung.projects.importers import PROJECT_COLUMNS
from lindung.projects.importers.project_checks import FUNDING_ALIASES, STAGE_ALIASES
from lindung.projects.models import Project, Stage, WorkSector
from lindung.regions.models import Region
from lindung.regulations import selectors as regulation_selectors
from tests.factories.projects import make_project, nip_for
from tests.imports.helpers import project_row

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
LOC_COLUMN = {
    "kode_rup": "kode_rup",
    "contract_number": "nomor_kontrak",
    "name": "nama_paket",
    "agency": "satker",
    "region": "kode_wilayah",
    "funding_source": "sumber_dana",
    "fiscal_year": "tahun_anggaran",
    "stage": "tahap",
    "sector": "tahap",
    "ppk_nip": "ppk_nip",
    "ppk_name": "ppk_nama",
    "contractor_name": "penyedia_nama",
    "contractor_npwp": "penyedia_npwp",
    "contractor_nib": "penyedia_nib",
    "hps_value": "nilai_hps",
    "contract_value": "nilai_kontrak",
    "vat_amount": "nilai_kontrak",
    "contribution_in_hps": "nilai_hps",
    "value_includes_vat": "termasuk_ppn",
    "spk_date": "tanggal_spk",
    "planned_start": "tanggal_mulai",
    "planned_end": "tanggal_selesai",
    "actual_start": "tanggal_mulai",
    "actual_end": "tanggal_selesai",
    "planned_workforce": "jumlah_pekerja",
}
VARIANTS: dict[str, list[str]] = {
    "kode_rup": ["50000001", "50000002", "", "12a", "1234567890123", "777", "778"],
    "nomor_kontrak": ["K-1", "K-2", "", "K-9", "K-8"],
    "nama_paket": ["Jalan Baru", ""],
    "satker": ["Dinas PUPR Kota Pontianak", ""],
    "kode_wilayah": ["61.71.01", "61.99.99", "61", "61.71", "61.71.01.1001", "x", ""],
    "sumber_dana": ["apbd_kab", "APBD Provinsi", "swasta", "xyz", ""],
    "tahun_anggaran": ["2026", "1999", "2032", "20x6", "", "0"],
    "tahap": ["contracted", "pelaksanaan", "", "xyz", "planned", "Serah Terima", "batal"],
    "ppk_nip": [nip_for(1), "123", "", "198001012005013000", "198013012005011001"],
    "ppk_nama": ["Budi", ""],
    "penyedia_nama": ["CV A", ""],
    "penyedia_npwp": ["", "01.234.567.8-901.000", "0123456789012345", "12"],
    "penyedia_nib": ["", "9120000000001", "123"],
    "nilai_hps": ["1.300.000.000", "0", "", "satu", "99999999999999"],
    "nilai_kontrak": ["1.250.000.000", "", "0", "1.25", "Rp 5.000.000,50", "20000000000000"],
    "termasuk_ppn": ["ya", "", "mungkin", "tidak"],
    "tanggal_spk": ["2026-03-02", "", "31-12-2026", "02/03/2026", "2028-01-01", "2026-02-30"],
    "tanggal_mulai": ["09/03/2026", "", "2026-13-01", "2026-10-01"],
    "tanggal_selesai": ["2026-09-30", "2026-01-01", "", "x"],
    "jumlah_pekerja": ["25", "", "banyak", "100001", "1.000"],
}
ROW = st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in VARIANTS.items()})


class _Cells:
    """The old importer's row parser: one problem per unreadable cell."""

    def __init__(self, row: dict[str, str]) -> None:
        self.row = row
        self.problems: list[tuple[str, str]] = []

    def text(self, column: str) -> str:
        return self.row.get(column, "").strip()

    def parse(self, column: str, parser: Any, message: str) -> Any:
        try:
            return parser(self.text(column))
        except ValueError:
            self.problems.append((column, message))
            return None


def _reference(rows: list[dict[str, str]]) -> list[list[tuple[str, str]]]:
    """Check rows one by one, like the importer before it worked column-wise."""
    params = regulation_selectors.parameter_set()
    levels = dict(Region.objects.values_list("code", "level"))
    stored = list(Project.objects.all())
    by_rup = {p.kode_rup: p for p in stored if p.kode_rup}
    by_contract = {p.contract_number: p for p in stored if p.contract_number}
    seen_rup: set[str] = set()
    seen_contract: set[str] = set()
    money = _("Not a rupiah amount: use digits, e.g. 1250000000 or 1.250.000.000.")
    day = _("Not a date: use YYYY-MM-DD or DD/MM/YYYY.")
    number = _("Not a whole number.")
    result = []
    for row in rows:
        cells = _Cells(row)
        rup, contract = cells.text("kode_rup"), cells.text("nomor_kontrak")
        existing = by_rup.get(rup) if rup else None
        other = by_contract.get(contract) if contract else None
        taken = _("Another project has this contract number.")
        if existing is not None and other is not None and other.pk != existing.pk:
            cells.problems.append(("nomor_kontrak", taken))
        if existing is None and other is not None:
            if rup and other.kode_rup and other.kode_rup != rup:
                cells.problems.append(("nomor_kontrak", taken))
            else:
                existing = other
        if (rup and rup in seen_rup) or (contract and contract in seen_contract):
            column = "kode_rup" if rup and rup in seen_rup else "nomor_kontrak"
            cells.problems.append((column, _("The same project appears earlier in the file.")))
        stage_key = cells.text("tahap").lower().replace(" ", "_")
        stage = str(STAGE_ALIASES.get(stage_key, stage_key)) or (
            existing.stage if existing else Stage.PLANNED
        )
        funding_key = cells.text("sumber_dana").lower().replace(" ", "_")
        year = cells.parse("tahun_anggaran", parse_int, number)
        if year is None and not cells.text("tahun_anggaran"):
            cells.problems.append(("tahun_anggaran", _("The fiscal year is required.")))
        try:
            includes_vat = parse_bool(
                cells.text("termasuk_ppn"), existing.value_includes_vat if existing else True
            )
        except ValueError:
            cells.problems.append(("termasuk_ppn", _("Write ya or tidak.")))
            includes_vat = True
        data = project_services.ProjectInput(
            name=cells.text("nama_paket"),
            agency_name=cells.text("satker"),
            region_code=cells.text("kode_wilayah"),
            funding_source=str(FUNDING_ALIASES.get(funding_key, funding_key)),
            fiscal_year=year or 0,
            kode_rup=rup,
            contract_number=contract,
            sector=existing.sector if existing else WorkSector.OTHER,
            stage=stage,
            ppk_nip=cells.text("ppk_nip"),
            ppk_name=cells.text("ppk_nama"),
            contractor_name=cells.text("penyedia_nama"),
            contractor_npwp=cells.text("penyedia_npwp"),
            contractor_nib=cells.text("penyedia_nib"),
            hps_value=cells.parse("nilai_hps", parse_rupiah, money),
            contribution_in_hps=existing.contribution_in_hps if existing else None,
            contract_value=cells.parse("nilai_kontrak", parse_rupiah, money),
            value_includes_vat=includes_vat,
            vat_amount=existing.vat_amount if existing else None,
            spk_date=cells.parse("tanggal_spk", parse_date, day),
            planned_start=cells.parse("tanggal_mulai", parse_date, day),
            planned_end=cells.parse("tanggal_selesai", parse_date, day),
            actual_start=existing.actual_start if existing else None,
            actual_end=existing.actual_end if existing else None,
            planned_workforce=cells.parse("jumlah_pekerja", parse_int, number),
        )
        errors = project_services.validate_project_input(
            data, today=TODAY, params=params, region_levels=levels
        )
        at_fault = {c for c, _m in cells.problems}
        problems = cells.problems + [
            (LOC_COLUMN[str(e.loc[0])], e.msg)
            for e in errors
            if LOC_COLUMN[str(e.loc[0])] not in at_fault
        ]
        result.append(problems)
        if not problems:
            seen_rup.update(k for k in (rup, existing.kode_rup if existing else "") if k)
            seen_contract.update(
                k for k in (contract, existing.contract_number if existing else "") if k
            )
    return result


def _stored_projects() -> None:
    if not Project.objects.filter(kode_rup="777").exists():
        make_project(kode_rup="777", contract_number="K-9", vat_amount=Decimal(100))
        make_project(kode_rup="778", contract_number="K-8", sector="roads")


class TestRowsMatchTheForm:
    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(overrides=st.lists(ROW, min_size=1, max_size=12))
    def test_problems_columns_and_reasons_are_the_forms(self, overrides):
        _stored_projects()
        rows = [project_row(n % 3 + 1, **o) for n, o in enumerate(overrides)]
        frame = pl.DataFrame(rows, schema=dict.fromkeys(PROJECT_COLUMNS, pl.String))

        with translation.override("id"):
            plan = importers.plan_projects(actor=None, frame=frame, today=TODAY)
            expected = _reference(rows)

        got = {r["baris"]: (r["kolom"], r["alasan"]) for r in plan.rejected_rows.to_dicts()}
        for index, problems in enumerate(expected):
            if not problems:
                assert index + 2 not in got, got[index + 2]
                continue
            columns = "; ".join(dict.fromkeys(c for c, _m in problems))
            reasons = "; ".join(f"{c}: {m}" for c, m in problems)
            assert got[index + 2] == (columns, reasons)
        assert plan.created + plan.updated + plan.unchanged + plan.rejected == len(rows)
