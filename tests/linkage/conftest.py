"""A small roster and registry with one row per noise kind (ids say what each row tests)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from lindung.rules.identifiers import Sex, build_nik

GIVEN = ["Budi", "Agus", "Slamet", "Rudi", "Hendra", "Eko", "Iwan", "Dedi", "Asep", "Heru"]
GIVEN += ["Siti", "Dewi", "Sri", "Rina", "Ratna", "Ayu", "Putri", "Indah", "Wulan", "Fitri"]
FAMILY = ["Santoso", "Wijaya", "Siregar", "Lubis", "Nasution", "Gunawan", "Hidayat", "Ginting"]
FAMILY += ["Pratama", "Saputra", "Tambunan", "Harahap", "Sinaga", "Setiawan", "Halim", "Rahman"]
DISTRICTS = ["617101", "617102", "617103", "610101", "610102", "611201", "611202", "610501"]


@dataclass
class Person:
    pid: str
    nik: str
    name: str
    birth: date
    sex: Sex
    region: str


def _people(rnd: random.Random, n: int) -> list[Person]:
    out = []
    for i in range(n):
        sex = Sex.FEMALE if i % 3 == 0 else Sex.MALE
        birth = date(1965, 1, 1) + timedelta(days=rnd.randrange(14000))
        region = rnd.choice(DISTRICTS)
        first = rnd.choice(GIVEN[10:] if sex is Sex.FEMALE else GIVEN[:10])
        name = f"{first} {rnd.choice(GIVEN)} {rnd.choice(FAMILY)}"
        nik = build_nik(region, birth, sex, 100 + i)
        out.append(Person(f"P{i:04d}", nik, name, birth, sex, region))
    return out


SPECIAL = {
    "exact": Person("P9001", "", "Bambang Sutrisno", date(1980, 3, 14), Sex.MALE, "617101"),
    "typo": Person("P9002", "", "Yohanes Paulus Sitompul", date(1977, 9, 21), Sex.MALE, "610101"),
    "transposed": Person("P9003", "", "Ernawati Kurnia", date(1988, 6, 27), Sex.FEMALE, "611201"),
    "spelling": Person("P9004", "", "Djoko Tjahjono", date(1975, 4, 19), Sex.MALE, "617102"),
    "swap": Person("P9005", "", "Marlina Sembiring", date(1990, 5, 8), Sex.FEMALE, "610501"),
    "year": Person("P9006", "", "Sudirman Effendi", date(1969, 11, 23), Sex.MALE, "617103"),
    "title": Person("P9007", "", "Haji Achmad Dachlan", date(1972, 2, 25), Sex.MALE, "611202"),
    "twice": Person(
        "P9008", "", "Stefanus Markus Panjaitan", date(1983, 7, 16), Sex.MALE, "617101"
    ),
    "twin": Person("P9009", "", "Yudi Halim", date(1986, 10, 26), Sex.MALE, "610102"),
    "duplicated": Person(
        "P9010", "", "Rosmawati Manurung", date(1979, 12, 17), Sex.FEMALE, "617101"
    ),
}
for _i, _p in enumerate(SPECIAL.values()):
    _p.nik = build_nik(_p.region, _p.birth, _p.sex, 9001 + _i)


def _roster_rows(people: list[Person]) -> list[dict[str, str]]:
    s = SPECIAL

    def row(rid: str, p: Person, **over: str) -> dict[str, str]:
        base = {
            "id": rid,
            "nik": p.nik,
            "nama": p.name,
            "lahir": p.birth.strftime("%d/%m/%Y"),
            "jk": "P" if p.sex is Sex.FEMALE else "L",
            "kecamatan": f"{p.region[:2]}.{p.region[2:4]}.{p.region[4:]}",
        }
        return base | over

    typo_nik = s["typo"].nik[:13] + ("0" if s["typo"].nik[13] != "0" else "1") + s["typo"].nik[14:]
    t = s["transposed"].nik
    twin_nik = s["twin"].nik[:-1] + ("7" if s["twin"].nik[-1] != "7" else "8")
    rows = [row(f"L-bg-{p.pid}", p) for p in people[:150]]
    rows += [row(f"L-bg-nonik-{p.pid}", p, nik="") for p in people[150:200]]
    rows += [
        row("L-exact", s["exact"]),
        row("L-typo", s["typo"], nik=typo_nik),
        row("L-transposed", s["transposed"], nik=t[:7] + t[8] + t[7] + t[9:]),
        row("L-spelling", s["spelling"], nik="", nama="Joko Cahyono"),
        row("L-swap", s["swap"], nik="", lahir="05/08/1990"),
        row("L-year", s["year"], nik="", lahir="23/11/1966"),
        row("L-title", s["title"], nik="", nama="H. Ahmad Dahlan bin Umar"),
        row("L-twice-1", s["twice"]),
        row("L-twice-2", s["twice"], nik="", nama="STEFANUS M. PANJAITAN"),
        row("L-twin", s["twin"], nik=twin_nik, nama="Yanto Halim"),
        row("L-duplicated", s["duplicated"]),
        row(
            "L-stranger",
            Person("", "", "Zulkarnaen Batubara", date(2001, 1, 2), Sex.MALE, "610501"),
            nik="6105010201010042",
        ),
    ]
    return rows


@dataclass
class Files:
    left: Path
    right: Path


@pytest.fixture(scope="session")
def linkage_files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    """Write roster.csv (left) and registry.csv (right) once per session."""
    rnd = random.Random(11)
    people = _people(rnd, 400)
    folder = tmp_path_factory.mktemp("linkage")
    right = folder / "registry.csv"
    registry = [*people, *SPECIAL.values(), SPECIAL["duplicated"]]
    with right.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["participant_id", "nik", "nama", "tgl_lahir", "jenis_kelamin", "wilayah"])
        for i, p in enumerate(registry):
            pid = p.pid if i < len(registry) - 1 else "P9010-copy"
            w.writerow([pid, p.nik, p.name, p.birth.isoformat(), str(p.sex)[0].upper(), p.region])
    left = folder / "roster.csv"
    rows = _roster_rows(people)
    with left.open("w", newline="") as f:
        dw = csv.DictWriter(f, fieldnames=list(rows[0]))
        dw.writeheader()
        dw.writerows(rows)
    return Files(left=left, right=right)


LEFT_MAP = "nik=nik,name=nama,birth_date=lahir,sex=jk,region=kecamatan"
RIGHT_MAP = "nik=nik,name=nama,birth_date=tgl_lahir,sex=jenis_kelamin,region=wilayah"
