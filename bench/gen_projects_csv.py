"""Write a synthetic project import file in the template's columns (real Kalbar region codes).

Run: ``.venv/bin/python bench/gen_projects_csv.py OUT.csv [--rows 100000] [--seed 1]``.
Region codes come from ``src/lindung/data/regions_61.csv``; PPK NIPs from the test factories'
``nip_for`` (structurally valid). No database is needed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

REGIONS = ROOT / "src" / "lindung" / "data" / "regions_61.csv"
WORKS = ("Rehabilitasi Jalan", "Pembangunan Jembatan", "Peningkatan Irigasi", "Pembangunan Gedung")
STAGES = ("planned", "procured", "contracted", "in_progress", "handed_over")
FUNDING = ("apbd_kab", "apbd_prov", "apbn", "apbdes")


def _rupiah(value: int, rng: random.Random) -> str:
    text = str(value)
    if rng.random() < 0.5:
        return f"{value:,}".replace(",", ".")  # Indonesian thousands dots
    return text


def write(path: Path, rows: int, seed: int = 1) -> None:
    """Write ``rows`` valid project rows to ``path`` (call after ``django.setup()``)."""
    from tests.factories.projects import nip_for

    from lindung.projects.importers import PROJECT_COLUMNS

    rng = random.Random(seed)
    with REGIONS.open(encoding="utf-8") as handle:
        regions = [r for r in csv.DictReader(handle) if r["level"] in {"district", "village"}]
    regencies = sorted({".".join(r["code"].split(".")[:2]) for r in regions})
    agencies = {code: [f"Dinas PUPR {code} {i}" for i in range(6)] for code in regencies}
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(PROJECT_COLUMNS)
        for n in range(rows):
            region = rng.choice(regions)["code"]
            regency = ".".join(region.split(".")[:2])
            stage = rng.choice(STAGES)
            contracted = stage in {"contracted", "in_progress", "handed_over"}
            value = rng.randrange(50, 20_000) * 1_000_000
            spk = date(2025, 1, 2) + timedelta(days=rng.randrange(0, 600))
            start = spk + timedelta(days=rng.randrange(0, 20))
            end = start + timedelta(days=rng.randrange(60, 300))
            ppk = rng.randrange(1, 1000)  # serial 000 is not a valid NIP
            writer.writerow(
                [
                    str(10_000_000 + n),
                    f"{n}/SPK/{regency}/{spk.year}" if contracted else "",
                    f"{rng.choice(WORKS)} {n}",
                    rng.choice(agencies[regency]),
                    region,
                    rng.choice(FUNDING),
                    str(spk.year),
                    stage,
                    nip_for(ppk),
                    f"PPK {nip_for(ppk)[-4:]}",
                    f"CV Karya Khatulistiwa {rng.randrange(3000)}" if contracted else "",
                    "",
                    "",
                    _rupiah(int(value * 1.05), rng),
                    _rupiah(value, rng) if contracted else "",
                    rng.choice(("ya", "tidak")),
                    (spk.isoformat() if rng.random() < 0.5 else spk.strftime("%d/%m/%Y"))
                    if contracted
                    else "",
                    start.isoformat(),
                    end.isoformat(),
                    str(rng.randrange(5, 200)),
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.main")
    import django

    django.setup()
    write(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()
