"""What project and BPJS imports share: the template columns, the plan, progress, chunks."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence

Progress = Callable[[int, int, str], None]

PROJECT_COLUMNS = (
    "kode_rup",
    "nomor_kontrak",
    "nama_paket",
    "satker",
    "kode_wilayah",
    "sumber_dana",
    "tahun_anggaran",
    "tahap",
    "ppk_nip",
    "ppk_nama",
    "penyedia_nama",
    "penyedia_npwp",
    "penyedia_nib",
    "nilai_hps",
    "nilai_kontrak",
    "termasuk_ppn",
    "tanggal_spk",
    "tanggal_mulai",
    "tanggal_selesai",
    "jumlah_pekerja",
)
BPJS_KEY_COLUMNS = ("kode_rup", "nomor_kontrak")
BPJS_COLUMNS = (
    "kode_rup",
    "nomor_kontrak",
    "nomor_proyek_bpjs",
    "nomor_sertifikat",
    "tanggal_daftar",
    "tanggal_bayar",
    "jumlah_bayar",
    "termin",
)
CHUNK = 2000


class ImportPlan(ABC):
    """What an import will do: its counts and its quarantine file; ``commit_*`` writes it."""

    kind: str = ""
    total: int = 0
    unchanged: int = 0

    @property
    @abstractmethod
    def created(self) -> int:
        """Return how many rows create something new."""

    @property
    @abstractmethod
    def updated(self) -> int:
        """Return how many rows change existing data."""

    @property
    @abstractmethod
    def rejected(self) -> int:
        """Return how many rows were rejected."""

    @abstractmethod
    def quarantine_csv(self) -> bytes:
        """Return the rejected rows with their row number, columns and reasons (CSV)."""

    def counts(self) -> dict[str, int]:
        """Return the counts shown to the user."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def chunks[T](items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    """Yield ``items`` in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def regency(code: str) -> str:
    """Return the regency part (``61.71``) of a dotted region code."""
    return ".".join(code.split(".")[:2])


def noop(done: int, total: int, message: str) -> None:
    """Report no progress."""
    return None
