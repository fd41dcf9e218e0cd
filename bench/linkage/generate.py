"""Synthetic Indonesian registry (right) and roster (left) with ground truth and noise.

    .venv/bin/python -m bench.linkage.generate --roster 20000 --registry 100000 \
        --out var/bench/linkage

Writes ``registry.csv`` (participant_id, nik, kpj, nama, tgl_lahir YYYY-MM-DD, jenis_kelamin
M/F, kode_wilayah 617101), ``roster.csv`` (row_id, nik, nama_lengkap, tanggal_lahir
DD/MM/YYYY, jk L/P, kecamatan 61.71.01) and ``truth.csv`` (row_id, participant_id; empty
when the worker is not registered).

Roster composition: 60% registered people (5% of them listed twice, each copy with its
own noise), 2% relatives of registered people (same district and birth date, NIK one digit
away, another given name: the double-counting trap), 38% unregistered people.

Noise on a roster row (independent draws, rates in NOISE below):
  NIK      missing 8%, one-digit substitution 5%, adjacent transposition 3%
  name     title or degree added 10% (H., Hj., Ir., Drs., S.T., S.Pd.), old/new spelling
           variant 15% (dj/j, tj/c, oe/u, j/y, y/i, ch/h, doubled letters, Muhammad forms),
           case/punctuation/spacing 20%, last word abbreviated to an initial 5%, last word
           dropped 4%, "bin/binti <father>" appended 4%, one-letter typo 4%
  birth    day-month swap 3% (when valid), year digit typo 3%, day digit typo 2%, missing 3%
  sex      missing 3%, wrong 1%
  region   other district of the same regency 15%, other regency 5%, missing 5%
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ROOT / "src/lindung/data/regions_61.csv"

MALE = [
    "Ahmad",
    "Achmad",
    "Agus",
    "Budi",
    "Bambang",
    "Joko",
    "Djoko",
    "Slamet",
    "Suparman",
    "Sugeng",
    "Yusuf",
    "Jusuf",
    "Hendra",
    "Rudi",
    "Dedi",
    "Eko",
    "Sukarno",
    "Soekarno",
    "Cahyono",
    "Tjahjono",
    "Suryadi",
    "Soeryadi",
    "Wahyu",
    "Hadi",
    "Herman",
    "Iwan",
    "Anton",
    "Antonius",
    "Yohanes",
    "Fransiskus",
    "Paulus",
    "Dwi",
    "Tri",
    "Andi",
    "Rizky",
    "Fajar",
    "Ilham",
    "Arif",
    "Syahrul",
    "Syamsul",
    "Zulkifli",
    "Abdul",
    "Rahman",
    "Rahmat",
    "Hidayat",
    "Taufik",
    "Taufiq",
    "Firman",
    "Gunawan",
    "Kurniawan",
    "Setiawan",
    "Santoso",
    "Susanto",
    "Prasetyo",
    "Nugroho",
    "Heru",
    "Yanto",
    "Hariyanto",
    "Haryanto",
    "Darmawan",
    "Sutrisno",
    "Sudirman",
    "Usman",
    "Ismail",
    "Hasan",
    "Husin",
    "Ali",
    "Umar",
    "Daud",
    "Ridwan",
    "Budiman",
    "Asep",
    "Ujang",
    "Dodi",
    "Yogi",
    "Rio",
    "Dimas",
    "Bayu",
    "Adi",
    "Sigit",
    "Teguh",
    "Wawan",
    "Yadi",
    "Jamal",
    "Jumadi",
    "Supriadi",
    "Saparudin",
    "Junaidi",
    "Mulyadi",
    "Rusdi",
    "Syarif",
    "Abang",
    "Uray",
    "Gusti",
    "Alexander",
    "Stefanus",
    "Markus",
]
FEMALE = [
    "Siti",
    "Aminah",
    "Nur",
    "Nurhayati",
    "Sri",
    "Wahyuni",
    "Dewi",
    "Lestari",
    "Rina",
    "Yanti",
    "Yuliana",
    "Juliana",
    "Fitri",
    "Ratna",
    "Rini",
    "Wulan",
    "Ayu",
    "Putri",
    "Indah",
    "Maria",
    "Magdalena",
    "Theresia",
    "Agustina",
    "Susanti",
    "Suryani",
    "Suriani",
    "Hartini",
    "Rustini",
    "Roestini",
    "Endang",
    "Ningsih",
    "Kartini",
    "Wati",
    "Ernawati",
    "Rosmawati",
    "Marlina",
    "Mariam",
    "Fatimah",
    "Khadijah",
    "Aisyah",
    "Zainab",
    "Halimah",
    "Rahmawati",
    "Hidayah",
    "Yuni",
    "Eka",
    "Ani",
    "Anisa",
    "Tuti",
    "Tutik",
    "Lilis",
    "Mega",
    "Novi",
    "Novita",
    "Sari",
    "Mayang",
    "Kurnia",
    "Dayang",
    "Utin",
    "Evi",
    "Devi",
]
FAMILY = [
    "Santoso",
    "Susanto",
    "Wijaya",
    "Gunawan",
    "Hidayat",
    "Saputra",
    "Pratama",
    "Setiawan",
    "Kurniawan",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Sinaga",
    "Simanjuntak",
    "Hutapea",
    "Tambunan",
    "Manurung",
    "Pardede",
    "Effendi",
    "Syahputra",
    "Rahman",
    "Hasibuan",
    "Ginting",
    "Sembiring",
    "Tarigan",
    "Tan",
    "Lim",
    "Wong",
    "Chandra",
    "Halim",
    "Lie",
    "Oey",
    "Tjhin",
    "Sitompul",
    "Panjaitan",
    "Situmorang",
]
TITLES_M = ("H.", "Ir.", "Drs.", "Bapak")
TITLES_F = ("Hj.", "Dra.", "Ibu", "Ny.")
DEGREES = ("S.T.", "S.Pd.", ", S.E.", "S.Kom.", "A.Md.")
VARIANTS = (
    ("oe", "u"),
    ("u", "oe"),
    ("dj", "j"),
    ("j", "dj"),
    ("tj", "c"),
    ("c", "tj"),
    ("y", "j"),
    ("j", "y"),
    ("y", "i"),
    ("i", "y"),
    ("ch", "h"),
    ("h", "ch"),
    ("mm", "m"),
    ("m", "mm"),
    ("dd", "d"),
    ("ff", "f"),
)
MUHAMMAD = ("Muhammad", "Muhamad", "Mohammad", "Moh.", "M.", "Mochamad")
NOISE = {
    "nik_missing": 0.08,
    "nik_substitution": 0.05,
    "nik_transposition": 0.03,
    "title": 0.10,
    "spelling": 0.15,
    "case_punct": 0.20,
    "abbreviate": 0.05,
    "truncate": 0.04,
    "patronym": 0.04,
    "name_typo": 0.04,
    "date_swap": 0.03,
    "year_typo": 0.03,
    "day_typo": 0.02,
    "date_missing": 0.03,
    "sex_missing": 0.03,
    "sex_wrong": 0.01,
    "district_move": 0.15,
    "regency_move": 0.05,
    "region_missing": 0.05,
}
SHARE_REGISTERED = 0.60
SHARE_RELATIVES = 0.02
SHARE_DOUBLE_LISTED = 0.05


def districts() -> list[str]:
    with REGIONS.open() as f:
        return [r["code"] for r in csv.DictReader(f) if r["level"] == "district"]


def people(
    rng: np.random.Generator, n: int, serial_base: int, districts_: list[str]
) -> pl.DataFrame:
    """Generate N people with unique NIKs (serials start after SERIAL_BASE)."""
    female = rng.random(n) < 0.3
    epoch = date(1960, 1, 1)
    offsets = rng.integers(0, (date(2006, 12, 31) - epoch).days, n)
    region = np.array(districts_)[rng.integers(0, len(districts_), n)]
    given_m = np.array(MALE)[rng.integers(0, len(MALE), (n, 2))]
    given_f = np.array(FEMALE)[rng.integers(0, len(FEMALE), (n, 2))]
    family = np.array(FAMILY)[rng.integers(0, len(FAMILY), n)]
    shape = rng.random(n)
    first = np.where(female, given_f[:, 0], given_m[:, 0])
    second = np.where(female, given_f[:, 1], given_m[:, 1])
    muh = rng.random(n) < 0.08
    first = np.where(muh & ~female, "Muhammad", first)
    name = np.where(
        shape < 0.25,
        np.char.add(np.char.add(first, " "), second),
        np.where(
            shape < 0.55,
            np.char.add(np.char.add(first, " "), family),
            np.char.add(np.char.add(np.char.add(np.char.add(first, " "), second), " "), family),
        ),
    )
    frame = pl.DataFrame(
        {
            "name": name,
            "female": female,
            "birth": pl.Series([epoch + timedelta(days=int(o)) for o in offsets], dtype=pl.Date),
            "region": region,
        }
    )
    frame = frame.with_columns(
        serial=(pl.int_range(pl.len()).over("region", "birth") + 1 + serial_base),
    )
    day = pl.col("birth").dt.day() + pl.when(pl.col("female")).then(40).otherwise(0)
    frame = frame.with_columns(
        nik=pl.col("region").str.replace_all(".", "", literal=True)
        + day.cast(pl.String).str.zfill(2)
        + pl.col("birth").dt.month().cast(pl.String).str.zfill(2)
        + (pl.col("birth").dt.year() % 100).cast(pl.String).str.zfill(2)
        + pl.col("serial").cast(pl.String).str.zfill(4),
    )
    return frame


def _typo(rnd: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rnd.randrange(1, len(s))
    return s[:i] + rnd.choice("aeioubdkmnrst") + s[i + 1 :]


def noisy_name(rnd: random.Random, name: str, female: bool) -> str:
    words = name.split()
    if rnd.random() < NOISE["spelling"]:
        if words[0] == "Muhammad":
            words[0] = rnd.choice(MUHAMMAD)
        else:
            options = [(a, b) for a, b in VARIANTS if a in " ".join(words).lower()]
            if options:
                a, b = rnd.choice(options)
                k = rnd.randrange(len(words))
                low = words[k].lower().replace(a, b, 1)
                words[k] = low.capitalize()
    if len(words) > 2 and rnd.random() < NOISE["truncate"]:
        words = words[:-1]
    elif len(words) > 1 and rnd.random() < NOISE["abbreviate"]:
        words[-1] = words[-1][0] + "."
    if rnd.random() < NOISE["name_typo"]:
        k = rnd.randrange(len(words))
        words[k] = _typo(rnd, words[k])
    out = " ".join(words)
    if rnd.random() < NOISE["patronym"]:
        out += (" binti " if female else " bin ") + rnd.choice(MALE)
    if rnd.random() < NOISE["title"]:
        if rnd.random() < 0.6:
            out = rnd.choice(TITLES_F if female else TITLES_M) + " " + out
        else:
            out = out + " " + rnd.choice(DEGREES)
    if rnd.random() < NOISE["case_punct"]:
        out = rnd.choice((out.upper(), out.lower(), out.replace(" ", "  "), out + "."))
    return out


def noisy_nik(rnd: random.Random, nik: str) -> str:
    x = rnd.random()
    if x < NOISE["nik_missing"]:
        return ""
    x -= NOISE["nik_missing"]
    if x < NOISE["nik_substitution"]:
        i = rnd.randrange(16)
        return nik[:i] + rnd.choice([d for d in "0123456789" if d != nik[i]]) + nik[i + 1 :]
    x -= NOISE["nik_substitution"]
    if x < NOISE["nik_transposition"]:
        candidates = [i for i in range(15) if nik[i] != nik[i + 1]]
        if candidates:
            i = rnd.choice(candidates)
            return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]
    return nik


def noisy_date(rnd: random.Random, d: date) -> str:
    x = rnd.random()
    out = d
    if x < NOISE["date_missing"]:
        return ""
    x -= NOISE["date_missing"]
    if x < NOISE["date_swap"]:
        if d.day <= 12 and d.day != d.month:
            out = date(d.year, d.day, d.month)
    elif x - NOISE["date_swap"] < NOISE["year_typo"]:
        digit = rnd.choice([dd for dd in range(10) if dd != d.year % 10])
        out = date(d.year - d.year % 10 + digit, d.month, min(d.day, 28))
    elif x - NOISE["date_swap"] - NOISE["year_typo"] < NOISE["day_typo"]:
        out = date(d.year, d.month, 1 + (d.day + rnd.randrange(1, 9)) % 28)
    return out.strftime("%d/%m/%Y")


def noisy_region(
    rnd: random.Random, code: str, by_regency: dict[str, list[str]], all_: list[str]
) -> str:
    x = rnd.random()
    if x < NOISE["region_missing"]:
        return ""
    x -= NOISE["region_missing"]
    if x < NOISE["district_move"]:
        return rnd.choice(by_regency[code[:5]])
    if x - NOISE["district_move"] < NOISE["regency_move"]:
        return rnd.choice(all_)
    return code


def generate(n_roster: int, n_registry: int, out: Path, seed: int = 7) -> dict[str, int]:
    """Write registry.csv, roster.csv and truth.csv into OUT; return counts."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)
    dists = districts()
    by_regency: dict[str, list[str]] = {}
    for d in dists:
        by_regency.setdefault(d[:5], []).append(d)
    registry = people(rng, n_registry, 0, dists)
    registry = registry.with_columns(
        participant_id=pl.format("P{}", pl.int_range(pl.len()).cast(pl.String).str.zfill(8)),
        kpj=pl.Series(rng.integers(10**10, 10**11 - 1, n_registry)).cast(pl.String),
    )
    registry.select(
        "participant_id",
        "nik",
        "kpj",
        pl.col("name").alias("nama"),
        pl.col("birth").dt.strftime("%Y-%m-%d").alias("tgl_lahir"),
        pl.when(pl.col("female")).then(pl.lit("F")).otherwise(pl.lit("M")).alias("jenis_kelamin"),
        pl.col("region").str.replace_all(".", "", literal=True).alias("kode_wilayah"),
    ).write_csv(out / "registry.csv")

    n_reg = int(n_roster * SHARE_REGISTERED)
    n_rel = int(n_roster * SHARE_RELATIVES)
    n_dup = int(n_reg * SHARE_DOUBLE_LISTED)
    n_new = n_roster - n_reg - n_rel
    picks = rng.choice(n_registry, n_reg - n_dup, replace=False)
    picks = np.concatenate([picks, rng.choice(picks, n_dup, replace=False)])
    relatives = rng.choice(n_registry, n_rel, replace=False)
    newcomers = people(rng, n_new, 5000, dists)
    reg_rows = registry.select("participant_id", "nik", "name", "female", "birth", "region")
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    truth: list[tuple[str, str]] = []

    def emit(
        kind: str, pid: str, nik: str, name: str, female: bool, birth: date, region: str
    ) -> None:
        row_id = f"R{len(rows):07d}"
        sex = "P" if female else "L"
        if rnd.random() < NOISE["sex_missing"]:
            sex = ""
        elif rnd.random() < NOISE["sex_wrong"]:
            sex = "L" if female else "P"
        rows.append(
            (
                row_id,
                noisy_nik(rnd, nik),
                noisy_name(rnd, name, female),
                noisy_date(rnd, birth),
                sex,
                noisy_region(rnd, region, by_regency, dists),
                kind,
            )
        )
        truth.append((row_id, pid))

    for pid, nik, name, female, birth, region in reg_rows[picks.tolist()].iter_rows():
        emit("registered", pid, nik, name, female, birth, region)
    for _pid, nik, name, female, birth, region in reg_rows[relatives.tolist()].iter_rows():
        last = nik[-1]
        sibling = nik[:-1] + rnd.choice([d for d in "0123456789" if d != last])
        given = rnd.choice(FEMALE if female else MALE)
        other = given + " " + name.split()[-1]
        if other.split()[0] == name.split()[0]:
            other = "Maria " + name.split()[-1]
        rows.append(
            (
                f"R{len(rows):07d}",
                sibling,
                other,
                birth.strftime("%d/%m/%Y"),
                "P" if female else "L",
                region,
                "relative",
            )
        )
        truth.append((rows[-1][0], ""))
    for _pid, nik, name, female, birth, region in newcomers.select(
        "participant_id" if "participant_id" in newcomers.columns else pl.lit(""),
        "nik",
        "name",
        "female",
        "birth",
        "region",
    ).iter_rows():
        emit("unregistered", "", nik, name, female, birth, region)
    order = list(range(len(rows)))
    rnd.shuffle(order)
    with (out / "roster.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["row_id", "nik", "nama_lengkap", "tanggal_lahir", "jk", "kecamatan", "kind"])
        for i in order:
            w.writerow(rows[i])
    with (out / "truth.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["row_id", "participant_id"])
        w.writerows(truth)
    return {"roster": len(rows), "registry": n_registry, "registered_rows": n_reg}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=int, default=20_000)
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "var/bench/linkage")
    args = parser.parse_args()
    print(generate(args.roster, args.registry, args.out, args.seed))


if __name__ == "__main__":
    main()
