"""Participant extracts for tests: rows with valid defaults, as CSV bytes, and loaded snapshots."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from lindung.participants import services as participant_services
from lindung.participants.extract import COLUMNS
from lindung.participants.models import Snapshot

DEFAULT_ROW: dict[str, str] = {
    "kpj": "26000000001",
    "nik": "6171014501900003",
    "nama": "Siti Aminah",
    "tanggal_lahir": "1990-01-05",
    "jenis_kelamin": "P",
    "segmen": "BPU",
    "status": "aktif",
    "bulan_terakhir_bayar": "2026-05",
    "kode_wilayah": "61.71.01",
    "program": "JKK,JKM",
    "sektor": "perdagangan",
    "nomor_pemberi_kerja": "",
}


def row(n: int = 1, **overrides: str) -> dict[str, str]:
    """Return an extract row with a distinct KPJ (and NIK serial) for ``n``."""
    base = dict(DEFAULT_ROW)
    base["kpj"] = f"{26000000000 + n}"
    base["nik"] = f"617101450190{n % 10000:04d}" if n % 10000 else "6171014501909999"
    base.update(overrides)
    return base


def extract_csv(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    """Return rows as a UTF-8 CSV extract with the given header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def load(
    rows: list[dict[str, str]], extract_date: date = date(2026, 6, 30), **kwargs: Any
) -> Snapshot:
    """Load rows as a snapshot through the real service (as the system)."""
    outcome = participant_services.load_snapshot(
        actor=None,
        file_name="extract.csv",
        source=extract_csv(rows),
        extract_date=extract_date,
        **kwargs,
    )
    return outcome.snapshot
