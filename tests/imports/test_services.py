"""Imports through the service: whole-file refusals, row checks, quarantine and idempotency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from lindung.accounts.models import AuditEvent, Role
from lindung.imports import services as import_services
from lindung.imports.errors import EmptyFile, FileTooLarge, MissingColumns, UnsupportedFile
from lindung.imports.models import BatchStatus, ImportBatch
from lindung.imports.parsing import parse_date, parse_rupiah
from lindung.projects.models import Payment, Project, Registration, StageChange
from tests.factories import accounts as f
from tests.factories.projects import nip_for
from tests.imports.helpers import (
    bpjs_row,
    project_row,
    quarantine_of,
    to_csv,
    to_xlsx,
)

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _import(tmp_path: Path, content: bytes, name: str = "proyek.csv", **kwargs):
    kwargs.setdefault("actor", None)
    kwargs.setdefault("kind", "projects")
    return import_services.import_file(path=_write(tmp_path, name, content), **kwargs)


class TestParsing:
    def test_reads_both_date_formats(self):
        assert parse_date("2026-03-02") == date(2026, 3, 2)
        assert parse_date("02/03/2026") == date(2026, 3, 2)
        assert parse_date("") is None
        with pytest.raises(ValueError, match="03-02-2026"):
            parse_date("03-02-2026")

    def test_reads_rupiah_with_dots(self):
        assert parse_rupiah("1.250.000.000") == Decimal(1250000000)
        assert parse_rupiah("1250000000") == Decimal(1250000000)
        assert parse_rupiah("Rp 1.250.000,50") == Decimal("1250000.50")
        with pytest.raises(ValueError, match=r"1\.25"):
            parse_rupiah("1.25")

    def test_reads_semicolon_csv_with_bom_and_spaced_headers(self):
        from lindung.imports.parsing import read_table

        table = read_table("a.csv", "\ufeffKode RUP;Nama Paket\n123;Jalan\n".encode())

        assert table.columns == ["kode_rup", "nama_paket"]
        assert list(table.rows()) == [{"kode_rup": "123", "nama_paket": "Jalan"}]


class TestImportProjects:
    def test_creates_projects_with_stage_history_and_one_batch_audit(self, tmp_path):
        outcome = _import(tmp_path, to_csv([project_row(1), project_row(2)]))

        assert outcome.as_dict() == {
            "created": 2,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
            "quarantine_file": "",
        }
        project = Project.objects.get(kode_rup="50000001")
        assert project.contract_value == Decimal(1250000000)
        assert project.hps_value == Decimal(1300000000)
        assert project.planned_start == date(2026, 3, 9)
        assert project.contribution_total is not None
        assert project.registration_due is not None
        assert project.agency.name == "Dinas PUPR Kota Pontianak"
        assert project.ppk is not None
        assert (
            StageChange.objects.filter(project__kode_rup__in=["50000001", "50000002"]).count() == 2
        )
        batch = ImportBatch.objects.get()
        assert batch.status == BatchStatus.COMMITTED
        assert batch.created_count == 2
        assert (
            AuditEvent.objects.filter(action="project.import", entity_id=str(batch.pk)).count() == 1
        )

    def test_reimporting_the_same_file_creates_nothing(self, tmp_path):
        content = to_csv([project_row(1), project_row(2)])
        _import(tmp_path, content)
        second = _import(tmp_path, content)

        assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
        assert Project.objects.filter(kode_rup__startswith="5000000").count() == 2
        assert AuditEvent.objects.filter(action="project.update").count() == 0

    def test_a_changed_row_updates_and_is_audited(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1), project_row(2)]))
        changed = project_row(1, nilai_kontrak="1.500.000.000")
        outcome = _import(tmp_path, to_csv([changed, project_row(2)]))

        assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
        project = Project.objects.get(kode_rup="50000001")
        assert project.contract_value == Decimal(1500000000)
        event = AuditEvent.objects.get(action="project.update", entity_id=str(project.pk))
        assert event.changes["after"]["contract_value"] == "1500000000"
        assert event.changes["before"]["contract_value"] == "1250000000"

    def test_new_parties_are_created_once_and_linked(self, tmp_path):
        from lindung.projects.models import Agency, Contractor, Ppk
        from tests.factories.projects import ContractorFactory

        known = ContractorFactory.create(name="CV Lama", npwp="0123456789012345")
        rows = [
            project_row(1, satker="Dinas Baru", penyedia_nama="CV Baru"),
            project_row(2, satker="dinas baru", penyedia_nama="cv baru", ppk_nip=nip_for(1)),
            project_row(3, penyedia_nama="Nama Lain", penyedia_npwp="01.234.567.8-901.234.5"),
        ]

        outcome = _import(tmp_path, to_csv(rows))

        assert outcome.created == 3
        agency = Agency.objects.get(name="Dinas Baru")
        assert agency.region_id == "61.71"
        assert Agency.objects.filter(name__iexact="dinas baru").count() == 1
        first, second, third = Project.objects.filter(
            kode_rup__in=["50000001", "50000002", "50000003"]
        ).order_by("kode_rup")
        assert first.agency_id == second.agency_id == agency.pk
        assert first.ppk_id == second.ppk_id
        assert Ppk.objects.get(nip=nip_for(1)).agency_id == agency.pk
        assert first.contractor_id == second.contractor_id
        assert Contractor.objects.filter(name__iexact="cv baru").count() == 1
        assert third.contractor_id == known.pk

    def test_a_row_the_rules_refuse_adds_no_party(self, tmp_path):
        from lindung.projects.models import Agency

        row = project_row(1, satker="Dinas Tahun Lalu", tanggal_spk="2014-05-05")
        outcome = _import(tmp_path, to_csv([row, project_row(2)]))

        assert (outcome.created, outcome.rejected) == (1, 1)
        assert quarantine_of(outcome.quarantine_file)[0]["kolom"] == "nilai_kontrak"
        assert not Agency.objects.filter(name="Dinas Tahun Lalu").exists()

    def test_a_negative_amount_is_told_to_be_positive_and_garbage_to_be_a_number(self, tmp_path):
        rows = [
            project_row(1, nilai_kontrak="-5"),
            project_row(2, nilai_hps="-Rp 1.000"),
            project_row(3, nilai_kontrak="lima juta"),
        ]
        outcome = _import(tmp_path, to_csv(rows))

        lines = quarantine_of(outcome.quarantine_file)
        assert [line["kolom"] for line in lines] == ["nilai_kontrak", "nilai_hps", "nilai_kontrak"]
        assert "lebih dari nol" in lines[0]["alasan"]
        assert "lebih dari nol" in lines[1]["alasan"]
        assert "Bukan nilai rupiah" in lines[2]["alasan"]

    def test_a_changed_stage_on_reimport_adds_to_the_stage_history(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1), project_row(2)]))
        outcome = _import(tmp_path, to_csv([project_row(1, tahap="pelaksanaan"), project_row(2)]))

        assert (outcome.updated, outcome.unchanged) == (1, 1)
        project = Project.objects.get(kode_rup="50000001")
        assert list(project.stage_changes.values_list("stage", flat=True)) == [
            "contracted",
            "in_progress",
        ]
        event = AuditEvent.objects.get(action="project.update", entity_id=str(project.pk))
        assert event.changes == {
            "before": {"stage": "contracted"},
            "after": {"stage": "in_progress"},
        }

    def test_matches_a_project_by_contract_number(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1, kode_rup="")]))
        outcome = _import(tmp_path, to_csv([project_row(1, kode_rup="", nama_paket="Baru")]))

        assert (outcome.created, outcome.updated) == (0, 1)
        assert Project.objects.get(contract_number="027/SPK/PUPR/1").name == "Baru"

    def test_mixed_rows_commit_the_good_and_quarantine_the_bad(self, tmp_path):
        rows = [
            project_row(1),
            project_row(2, kode_wilayah="61.99.99"),
            project_row(3, tanggal_selesai="2026-01-01"),
            project_row(4, nilai_kontrak="satu juta"),
        ]
        outcome = _import(tmp_path, to_csv(rows))

        assert (outcome.created, outcome.rejected) == (1, 3)
        assert Project.objects.filter(kode_rup="50000001").exists()
        assert not Project.objects.filter(
            kode_rup__in=["50000002", "50000003", "50000004"]
        ).exists()
        lines = quarantine_of(outcome.quarantine_file)
        assert [line["baris"] for line in lines] == ["3", "4", "5"]
        assert [line["kolom"] for line in lines] == [
            "kode_wilayah",
            "tanggal_selesai",
            "nilai_kontrak",
        ]
        assert "61.99.99" in lines[0]["alasan"]
        assert lines[0]["kode_rup"] == "50000002"
        batch = ImportBatch.objects.get()
        assert batch.rejected_count == 3
        assert batch.quarantine

    def test_quarantine_reasons_are_indonesian(self, tmp_path):
        outcome = _import(tmp_path, to_csv([project_row(1, nilai_kontrak="satu juta")]))

        line = quarantine_of(outcome.quarantine_file)[0]
        from django.utils import translation

        with translation.override("id"):
            from django.utils.translation import gettext

            expected = gettext("Not a rupiah amount: use digits, e.g. 1250000000 or 1.250.000.000.")
        assert expected in line["alasan"]

    def test_quarantine_cells_are_escaped(self, tmp_path):
        outcome = _import(
            tmp_path, to_csv([project_row(1, nama_paket="=HYPERLINK(1)", kode_wilayah="x")])
        )

        line = quarantine_of(outcome.quarantine_file)[0]
        assert line["nama_paket"] == "'=HYPERLINK(1)"

    def test_a_duplicate_row_in_the_file_is_rejected(self, tmp_path):
        outcome = _import(tmp_path, to_csv([project_row(1), project_row(1)]))

        assert (outcome.created, outcome.rejected) == (1, 1)

    def test_reads_xlsx(self, tmp_path):
        outcome = _import(tmp_path, to_xlsx([project_row(1)]), name="proyek.xlsx")

        assert outcome.created == 1

    def test_dry_run_writes_nothing(self, tmp_path):
        outcome = _import(
            tmp_path, to_csv([project_row(1), project_row(2, kode_wilayah="x")]), dry_run=True
        )

        assert (outcome.created, outcome.rejected) == (1, 1)
        assert Path(outcome.quarantine_file).exists()
        assert not Project.objects.filter(kode_rup="50000001").exists()
        assert not ImportBatch.objects.exists()


class TestRefusedFiles:
    def _assert_nothing_written(self):
        assert not Project.objects.filter(kode_rup__startswith="500000").exists()
        assert not ImportBatch.objects.exists()

    def test_refuses_random_bytes_named_xlsx(self, tmp_path):
        with pytest.raises(UnsupportedFile):
            _import(tmp_path, bytes(range(256)) * 10, name="proyek.xlsx")
        self._assert_nothing_written()

    def test_refuses_a_zip_that_is_not_a_workbook(self, tmp_path):
        with pytest.raises(UnsupportedFile):
            _import(tmp_path, b"PK\x03\x04" + bytes(200), name="proyek.xlsx")
        self._assert_nothing_written()

    def test_refuses_another_format(self, tmp_path):
        with pytest.raises(UnsupportedFile):
            _import(tmp_path, b"%PDF-1.4", name="proyek.pdf")
        self._assert_nothing_written()

    def test_refuses_an_empty_file(self, tmp_path):
        with pytest.raises(EmptyFile):
            _import(tmp_path, b"")
        self._assert_nothing_written()

    def test_refuses_a_header_without_rows(self, tmp_path):
        with pytest.raises(EmptyFile):
            _import(tmp_path, to_csv([]))
        self._assert_nothing_written()

    def test_refuses_missing_columns(self, tmp_path):
        with pytest.raises(MissingColumns) as excinfo:
            _import(tmp_path, b"kode_rup,nama_paket\n1,x\n")
        assert "kode_wilayah" in excinfo.value.message
        self._assert_nothing_written()

    @override_settings(LINDUNG_MAX_UPLOAD_BYTES=100)
    def test_refuses_an_oversized_file(self, tmp_path):
        with pytest.raises(FileTooLarge):
            _import(tmp_path, to_csv([project_row(1)]))
        self._assert_nothing_written()


class TestImportRoles:
    def test_sambas_officer_cannot_import_a_pontianak_row(self, tmp_path):
        officer = f.regency_officer("61.01")
        rows = [
            project_row(1, kode_wilayah="61.71.01"),
            project_row(2, kode_wilayah="61.01.01", satker="Dinas PUPR Sambas"),
        ]
        outcome = _import(tmp_path, to_csv(rows), actor=officer)

        assert (outcome.created, outcome.rejected) == (1, 1)
        assert not Project.objects.filter(kode_rup="50000001").exists()
        line = quarantine_of(outcome.quarantine_file)[0]
        assert line["baris"] == "2"
        assert line["kolom"] == "kode_wilayah"
        assert "61.01" in line["alasan"]

    def test_agency_user_imports_only_own_agency(self, tmp_path):
        from tests.factories.projects import AgencyFactory

        user = f.user_of_role(Role.AGENCY_USER, "61.71")
        own = AgencyFactory.create(name="Dinas PUPR Kota Pontianak", region_id="61.71")
        own.members.add(user)
        rows = [project_row(1), project_row(2, satker="Dinas Lain")]
        outcome = _import(tmp_path, to_csv(rows), actor=user)

        assert (outcome.created, outcome.rejected) == (1, 1)

    def test_analyst_may_not_import(self, tmp_path):
        from lindung.imports.errors import ImportNotAllowed

        analyst = f.user_of_role(Role.PROVINCIAL_ANALYST, "61")
        with pytest.raises(ImportNotAllowed):
            _import(tmp_path, to_csv([project_row(1)]), actor=analyst)


class TestImportBpjs:
    def _columns(self):
        from lindung.projects.importers import BPJS_COLUMNS

        return BPJS_COLUMNS

    def test_records_registrations_and_payments_idempotently(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1), project_row(2)]))
        rows = [
            bpjs_row(
                kode_rup="50000001",
                nomor_proyek_bpjs="610260001",
                nomor_sertifikat="C-1",
                tanggal_daftar="10/03/2026",
                tanggal_bayar="2026-03-12",
                jumlah_bayar="2.500.000",
                termin="1",
            ),
            bpjs_row(
                nomor_kontrak="027/SPK/PUPR/2", tanggal_bayar="2026-03-12", jumlah_bayar="1000000"
            ),
            bpjs_row(kode_rup="99999999", jumlah_bayar="1", tanggal_bayar="2026-03-12"),
        ]
        content = to_csv(rows, self._columns())
        first = _import(tmp_path, content, name="bpjs.csv", kind="bpjs")
        second = _import(tmp_path, content, name="bpjs.csv", kind="bpjs")

        assert (first.created, first.rejected) == (2, 1)
        assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
        project = Project.objects.get(kode_rup="50000001")
        assert project.registered_on == date(2026, 3, 10)
        assert project.paid_total == Decimal(2500000)
        assert Registration.objects.get(project=project).bpjs_project_number == "610260001"
        assert Payment.objects.filter(project__kode_rup__in=["50000001", "50000002"]).count() == 2

    def test_a_changed_registration_is_audited(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1)]))
        row = bpjs_row(
            kode_rup="50000001", nomor_proyek_bpjs="610260001", tanggal_daftar="2026-03-10"
        )
        _import(tmp_path, to_csv([row], self._columns()), name="b.csv", kind="bpjs")
        row["nomor_sertifikat"] = "C-2"
        outcome = _import(tmp_path, to_csv([row], self._columns()), name="b.csv", kind="bpjs")

        assert outcome.updated == 1
        assert AuditEvent.objects.filter(action="project.registration").count() == 1

    @pytest.mark.parametrize(
        ("cells", "column", "reason"),
        [
            ({"nomor_proyek_bpjs": "23-AB", "tanggal_daftar": "2026-03-10"},
             "nomor_proyek_bpjs", "harus berupa angka"),
            ({"nomor_proyek_bpjs": "610260001"}, "tanggal_daftar", "wajib"),
            ({"nomor_proyek_bpjs": "610260001", "tanggal_daftar": "2099-01-01"},
             "tanggal_daftar", "masa depan"),
            ({"nomor_proyek_bpjs": "610260001", "tanggal_daftar": "2020-01-01"},
             "tanggal_daftar", "SPK"),
            ({"tanggal_bayar": "2026-03-12"}, "jumlah_bayar", "wajib"),
            ({"jumlah_bayar": "1000"}, "tanggal_bayar", "wajib"),
            ({"jumlah_bayar": "1000", "tanggal_bayar": "2099-01-01"},
             "tanggal_bayar", "masa depan"),
            ({"jumlah_bayar": "99.000.000.000.000", "tanggal_bayar": "2026-03-12"},
             "jumlah_bayar", "10 triliun"),
            ({"jumlah_bayar": "1000", "tanggal_bayar": "2026-03-12", "termin": "4"},
             "termin", "1, 2"),
            ({}, "nomor_proyek_bpjs", "pendaftaran maupun pembayaran"),
        ],
    )  # fmt: skip
    def test_a_bad_row_is_quarantined_with_its_column_and_reason(
        self, tmp_path, cells, column, reason
    ):
        _import(tmp_path, to_csv([project_row(1)]))  # SPK 2026-03-02
        row = bpjs_row(kode_rup="50000001", **cells)
        outcome = _import(tmp_path, to_csv([row], self._columns()), name="b.csv", kind="bpjs")

        assert (outcome.created, outcome.rejected) == (0, 1)
        line = quarantine_of(outcome.quarantine_file)[0]
        assert line["kolom"] == column
        assert reason in line["alasan"]

    def test_a_negative_payment_is_told_to_be_positive(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1)]))
        row = bpjs_row(kode_rup="50000001", jumlah_bayar="-1.000", tanggal_bayar="2026-03-12")
        outcome = _import(tmp_path, to_csv([row], self._columns()), name="b.csv", kind="bpjs")

        line = quarantine_of(outcome.quarantine_file)[0]
        assert line["kolom"] == "jumlah_bayar"
        assert "lebih dari nol" in line["alasan"]

    def test_sambas_officer_cannot_record_a_pontianak_payment(self, tmp_path):
        _import(tmp_path, to_csv([project_row(1)]))
        officer = f.regency_officer("61.01")
        row = bpjs_row(kode_rup="50000001", jumlah_bayar="1000", tanggal_bayar="2026-03-12")
        outcome = _import(
            tmp_path, to_csv([row], self._columns()), name="b.csv", kind="bpjs", actor=officer
        )

        assert (outcome.created, outcome.rejected) == (0, 1)
        assert not Payment.objects.exists()
