"""Project row checks in ``projects.importers``: no per-row query, the same rules and reasons as
the project form, the contribution and deadline of the single-project path, and the
update/unchanged decision."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from django.utils import translation

from lindung.imports.parsing import parse_rupiah, read_xlsx
from lindung.projects import importers
from lindung.projects import services as project_services
from lindung.projects.importers import PROJECT_COLUMNS
from lindung.projects.models import Project, Stage
from lindung.regulations.models import Holiday
from tests.factories.projects import make_project
from tests.imports.helpers import project_row

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def _frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict.fromkeys(PROJECT_COLUMNS, pl.String))


def _plan(rows: list[dict[str, str]], actor: Any = None) -> importers.ProjectPlan:
    with translation.override("id"):
        return importers.plan_projects(actor=actor, frame=_frame(rows), today=TODAY)


def _rejections(plan: importers.ProjectPlan) -> list[dict[str, Any]]:
    return plan.rejected_rows.to_dicts()


def _single_path(row: dict[str, Any]) -> Project:
    """Compute a plan row's contribution and deadline the way a form's save does."""
    project = Project(
        region_id=row["kode_wilayah"],
        contract_value=Decimal(row["contract"]).scaleb(-2) if row["contract"] else None,
        spk_date=row["spk"],
        value_includes_vat=row["value_includes_vat"],
    )
    project_services.compute_contribution(project)
    project_services.compute_registration_due(project)
    return project


class TestPlanProjects:
    def test_checks_many_rows_with_a_fixed_number_of_queries(self, django_assert_max_num_queries):
        rows = [project_row(n) for n in range(1, 301)]
        _plan(rows[:1])  # warm the parameter and holiday caches

        with django_assert_max_num_queries(12):
            plan = _plan(rows)

        assert (plan.created, plan.rejected) == (300, 0)

    def test_contribution_and_deadline_match_the_single_project_path(self):
        plan = _plan(
            [project_row(1), project_row(2, tanggal_spk="2020-09-01", tahun_anggaran="2020")]
        )

        for row in plan.creates.to_dicts():
            reference = _single_path(row)
            assert row["contribution_total"] == reference.contribution_total
            assert row["contribution_jkk"] == reference.contribution_jkk
            assert json.loads(row["contribution_detail"]) == reference.contribution_detail
            basis = reference.contribution_basis
            assert basis is not None
            assert plan.bases[row["contribution_basis"]] == basis.content
            assert row["registration_due"] == reference.registration_due

    def test_a_regional_holiday_moves_the_deadline_like_the_single_project_path(self):
        Holiday.objects.create(date=date(2026, 3, 3), name="Hari Jadi Kota", region_id="61.71")
        plan = _plan([project_row(1), project_row(2, kode_wilayah="61.01.01")])

        pontianak, sambas = plan.creates.to_dicts()
        assert pontianak["registration_due"] == _single_path(pontianak).registration_due
        assert sambas["registration_due"] == _single_path(sambas).registration_due
        assert pontianak["registration_due"] > sambas["registration_due"]

    def test_reads_indonesian_stage_and_funding_names(self):
        plan = _plan([project_row(1, tahap="pelaksanaan", sumber_dana="APBD Provinsi")])

        created = plan.creates.row(0, named=True)
        assert created["stage"] == Stage.IN_PROGRESS
        assert created["funding_source"] == "apbd_prov"

    def test_rejects_each_bad_cell_with_its_column(self):
        plan = _plan(
            [
                project_row(
                    1,
                    tanggal_spk="31-12-2026",
                    jumlah_pekerja="banyak",
                    termasuk_ppn="mungkin",
                    ppk_nip="123",
                )
            ]
        )

        columns = _rejections(plan)[0]["kolom"].split("; ")
        assert {"tanggal_spk", "jumlah_pekerja", "termasuk_ppn", "ppk_nip"} <= set(columns)

    def test_rejects_a_contract_number_held_by_another_project(self):
        make_project(kode_rup="777", contract_number="K-1")

        plan = _plan([project_row(1, nomor_kontrak="K-1")])

        assert _rejections(plan)[0]["kolom"].split("; ")[0] == "nomor_kontrak"

    def test_keeps_fields_the_template_lacks_on_update(self):
        project = make_project(kode_rup="50000001", sector="roads", contract_number="X")
        row = project_row(1, nomor_kontrak="X", tahap="", nama_paket="Nama baru")

        plan = _plan([row])

        updated = plan.updates.row(0, named=True)
        assert updated["ex_id"] == project.pk
        assert updated["sector"] == "roads"
        assert updated["stage"] == project.stage
        assert updated["ex_name"] != updated["nama_paket"]

    def test_a_row_dated_before_the_rules_is_rejected_with_the_rules_reason(self):
        rows = [
            project_row(1, tanggal_spk="2014-05-05", tahun_anggaran="2014"),
            project_row(
                2,
                tanggal_spk="2014-05-05",
                tahun_anggaran="2014",
                tahap="planned",
                nilai_kontrak="",
            ),
        ]

        plan = _plan(rows)

        assert [r["kolom"] for r in _rejections(plan)] == ["nilai_kontrak", "tanggal_spk"]
        assert plan.created == 0

    def test_a_later_duplicate_of_a_rejected_row_is_accepted(self):
        rows = [
            project_row(1, kode_wilayah="x"),
            project_row(1),
            project_row(1, nama_paket="Lagi"),
        ]

        plan = _plan(rows)

        lines = _rejections(plan)
        assert [(r["baris"], r["kolom"]) for r in lines] == [(2, "kode_wilayah"), (4, "kode_rup")]
        assert plan.created == 1


class TestReadXlsx:
    def test_reads_date_and_number_cells(self):
        import io

        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["Tanggal SPK", "Nilai Kontrak", "Jumlah"])
        sheet.write_datetime(
            1,
            0,
            datetime(2026, 3, 2),  # noqa: DTZ001 - an Excel date cell is naive
            book.add_format({"num_format": "d/m/yyyy"}),
        )
        sheet.write_number(1, 1, 1250000000)
        sheet.write_number(1, 2, 1234.5)
        book.close()

        table = read_xlsx(buffer.getvalue())

        assert table.columns == ["tanggal_spk", "nilai_kontrak", "jumlah"]
        assert table.data["tanggal_spk"] == ["2026-03-02"]
        assert table.data["nilai_kontrak"] == ["1250000000"]
        assert parse_rupiah(table.data["jumlah"][0]) == Decimal("1234.5")
