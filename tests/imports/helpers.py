"""Build import files in memory for the import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from lindung.projects.importers import BPJS_COLUMNS, PROJECT_COLUMNS
from tests.factories.projects import nip_for


def project_row(n: int = 1, **overrides: Any) -> dict[str, str]:
    row = {
        "kode_rup": f"{50000000 + n}",
        "nomor_kontrak": f"027/SPK/PUPR/{n}",
        "nama_paket": f"Rehabilitasi Jalan {n}",
        "satker": "Dinas PUPR Kota Pontianak",
        "kode_wilayah": "61.71.01",
        "sumber_dana": "apbd_kab",
        "tahun_anggaran": "2026",
        "tahap": "contracted",
        "ppk_nip": nip_for(n),
        "ppk_nama": "Budi Santoso",
        "penyedia_nama": f"CV Karya {n}",
        "penyedia_npwp": "",
        "penyedia_nib": "",
        "nilai_hps": "1.300.000.000",
        "nilai_kontrak": "1.250.000.000",
        "termasuk_ppn": "ya",
        "tanggal_spk": "2026-03-02",
        "tanggal_mulai": "09/03/2026",
        "tanggal_selesai": "2026-09-30",
        "jumlah_pekerja": "25",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def bpjs_row(**overrides: Any) -> dict[str, str]:
    row = dict.fromkeys(BPJS_COLUMNS, "")
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...] = PROJECT_COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(rows: list[dict[str, str]], columns: tuple[str, ...] = PROJECT_COLUMNS) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for c, name in enumerate(columns):
        sheet.write_string(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            sheet.write_string(r, c, row.get(name, ""))
    book.close()
    return buffer.getvalue()


def read_quarantine(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def quarantine_of(name: str) -> list[dict[str, str]]:
    """Read a quarantine file from disk (dry run) or from the storage (committed batch)."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    path = Path(name)
    if path.is_absolute() and path.exists():
        return read_quarantine(path.read_bytes())
    with default_storage.open(name, "rb") as handle:
        return read_quarantine(handle.read())
