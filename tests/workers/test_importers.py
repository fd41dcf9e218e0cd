"""Roster imports: a bad file is refused whole; good rows commit, bad rows are quarantined."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from lindung.accounts.models import AuditEvent
from lindung.workers import importers
from lindung.workers.errors import RosterRefused, WorkerActionNotAllowed
from lindung.workers.models import NikStatus, Source, Worker, WorkerProjectLink
from tests.factories.workers import first_village, nik_for

pytestmark = pytest.mark.django_db

HEAD = (
    "nik,nama,tanggal_lahir,jenis_kelamin,telepon,kode_desa,pekerjaan,sektor,segmen,"
    "kode_rup,peran,tanggal_mulai\n"
)


def _csv(rows: list[str]) -> bytes:
    return (HEAD + "\n".join(rows) + "\n").encode()


def _rows(world) -> list[str]:
    village = first_village("61.71.01")
    rup = world.project.kode_rup
    good = nik_for("61.71.01", date(1990, 8, 7), "female", 3)
    existing = world.pontianak_worker
    return [
        # 2: good, new, linked to the project
        f"{good},Siti Aminah,07/08/1990,P,081234567890,{village},Tukang,konstruksi,jakon,"
        f"{rup},tukang,2026-03-09",
        # 3: missing NIK: imported and flagged
        f",Antonius Dedi,1985-01-02,L,,{village},Kenek,konstruksi,jakon,{rup},kenek,2026-03-09",
        # 4: invalid NIK: imported and flagged
        f"6171019913880021,Rahmat Hidayat,,L,,{village},Kenek,konstruksi,jakon,{rup},,",
        # 5: bad date and unknown village: rejected
        f",Budi,31/02/1990,L,,61.99.99.9999,Kenek,konstruksi,jakon,{rup},,",
        # 6: unknown project: rejected
        f",Maria Ursula,,P,,{village},Kenek,konstruksi,jakon,99999999,,",
        # 7: the same NIK as row 2: rejected
        f"{good},Siti A.,,P,,{village},,konstruksi,jakon,{rup},,",
        # 8: an existing worker's NIK: linked, not duplicated
        f"{existing.nik},{existing.name.split(',')[0]},,,,{existing.region_id},,konstruksi,jakon,{rup},mandor,",
    ]


class TestImportRoster:
    def test_mixed_rows_commit_good_and_quarantine_bad(self, world):
        before = Worker.objects.count()
        outcome = importers.import_roster(
            actor=world.contractor, file_name="roster.csv", content=_csv(_rows(world))
        )
        assert outcome.counts["created"] == 3
        assert outcome.counts["rejected"] == 3
        assert outcome.counts["nik_flagged"] == 2
        assert Worker.objects.count() == before + 3
        assert [r.row for r in outcome.rejections] == [5, 6, 7]
        siti = Worker.objects.get(name="Siti Aminah")
        assert siti.nik_status == NikStatus.VALID
        assert siti.source == Source.CONTRACTOR_ROSTER
        assert set(
            Worker.objects.filter(name__in=["Antonius Dedi", "Rahmat Hidayat"]).values_list(
                "nik_status", flat=True
            )
        ) == {"missing", "invalid"}
        assert WorkerProjectLink.objects.filter(
            worker=world.pontianak_worker, project=world.project, role="mandor"
        ).exists()
        quarantine = list(csv.reader(io.StringIO(outcome.quarantine.decode("utf-8-sig"))))
        assert quarantine[0][:3] == ["baris", "kolom", "alasan"]
        assert [row[0] for row in quarantine[1:]] == ["5", "6", "7"]
        assert "tanggal_lahir" in quarantine[1][1]
        assert AuditEvent.objects.filter(action="worker.import").exists()

    def test_missing_columns_refuse_the_whole_file(self, world):
        with pytest.raises(RosterRefused):
            importers.import_roster(
                actor=world.admin, file_name="roster.csv", content=b"nama,telepon\nSiti,0812\n"
            )
        assert not AuditEvent.objects.filter(action="worker.import").exists()

    def test_not_a_spreadsheet_is_refused(self, world):
        with pytest.raises(RosterRefused):
            importers.import_roster(actor=world.admin, file_name="roster.pdf", content=b"%PDF")

    def test_xlsx_roster(self, world):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(importers.ROSTER_COLUMNS))
        sheet.append(list(importers.ROSTER_EXAMPLE))
        out = io.BytesIO()
        book.save(out)
        outcome = importers.import_roster(
            actor=world.admin, file_name="kader.xlsx", content=out.getvalue()
        )
        # The example row names a project that does not exist here: quarantined.
        assert outcome.counts["rejected"] == 1

    def test_cadre_list_without_projects(self, world):
        village = first_village("61.71.01")
        content = _csv([f",Agus Salim,,L,,{village},Nelayan,nelayan,bpu,,,"])
        outcome = importers.import_roster(
            actor=world.pontianak_cadre, file_name="kader.csv", content=content
        )
        assert outcome.counts["created"] == 1
        worker = Worker.objects.get(name="Agus Salim")
        assert (worker.sector, worker.source) == ("fishing", Source.CADRE_REGISTRATION)

    def test_analyst_cannot_import(self, world):
        with pytest.raises(WorkerActionNotAllowed):
            importers.import_roster(actor=world.analyst, file_name="r.csv", content=_csv([]))

    def test_template_has_every_column(self):
        text = importers.template_csv().decode("utf-8-sig")
        assert text.splitlines()[0].split(",") == list(importers.ROSTER_COLUMNS)
