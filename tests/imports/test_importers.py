"""Project and BPJS row checks in ``projects.importers``: no per-row query, same rules as the
form, and the update/unchanged decision."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from lindung.imports.parsing import parse_rupiah, read_xlsx
from lindung.projects import importers
from lindung.projects import services as project_services
from lindung.projects.models import Project, Stage
from tests.factories.projects import make_project
from tests.imports.helpers import project_row

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def _plan(rows, actor=None):
    with translation.override("id"):
        return importers.plan_projects(actor=actor, rows=rows, total=len(rows), today=TODAY)


class TestPlanProjects:
    def test_checks_many_rows_with_a_fixed_number_of_queries(self, django_assert_max_num_queries):
        rows = [project_row(n) for n in range(1, 301)]
        _plan(rows[:1])  # warm the parameter and holiday caches

        with django_assert_max_num_queries(40):
            plan = _plan(rows)

        assert (plan.created, plan.rejected) == (300, 0)

    def test_contribution_and_deadline_match_the_single_project_path(self):
        plan = _plan([project_row(1)])
        project = plan.creates[0]
        reference = Project(
            region_id=project.region_id,
            contract_value=project.contract_value,
            spk_date=project.spk_date,
            value_includes_vat=project.value_includes_vat,
        )
        project_services.compute_contribution(reference)
        project_services.compute_registration_due(reference)

        assert project.contribution_total == reference.contribution_total
        assert project.registration_due == reference.registration_due

    def test_reads_indonesian_stage_and_funding_names(self):
        plan = _plan([project_row(1, tahap="pelaksanaan", sumber_dana="APBD Provinsi")])

        assert plan.creates[0].stage == Stage.IN_PROGRESS
        assert plan.creates[0].funding_source == "apbd_prov"

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

        columns = [c for c, _m in plan.rejections[0].problems]
        assert {"tanggal_spk", "jumlah_pekerja", "termasuk_ppn", "ppk_nip"} <= set(columns)

    def test_rejects_a_contract_number_held_by_another_project(self):
        make_project(kode_rup="777", contract_number="K-1")

        plan = _plan([project_row(1, nomor_kontrak="K-1")])

        assert plan.rejections[0].problems[0][0] == "nomor_kontrak"

    def test_keeps_fields_the_template_lacks_on_update(self):
        project = make_project(kode_rup="50000001", sector="roads", contract_number="X")
        row = project_row(1, nomor_kontrak="X", tahap="", nama_paket="Nama baru")

        plan = _plan([row])

        updated, before = plan.updates[0]
        assert updated.pk == project.pk
        assert updated.sector == "roads"
        assert updated.stage == project.stage
        assert before["name"] != updated.name


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
