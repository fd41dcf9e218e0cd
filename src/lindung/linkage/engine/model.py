"""Fellegi-Sunter scoring: comparison levels, u from random pairs, m by EM, explanations.

As in Splink, u (how often a level occurs between two random records) is counted on random
pairs, and m (how often it occurs between two records of the same person) is estimated by
expectation maximisation on blocked candidate pairs. EM runs once per blocking rule; the
comparisons a rule blocks on are left out of its session (every pair agrees on them, so
they would bias their own m) and their m comes from the other sessions. A level's weight
is log2(m/u) bits; a pair's score is the prior plus the sum of its levels' weights.

Double counting: a NIK encodes region, birth date and sex. When two NIK-shaped values are
equal or one edit apart, the birth date, sex and region comparisons add nothing (their
weight is set to zero and the explanation says so).

Term frequencies (as Splink's term-frequency adjustments): when two names agree, how much
that says depends on the name. A pair agreeing on a name that a share ``tf`` of all names
carry gets log2(a / tf) bits on top of the level's weight, where a = sum of tf squared is
the chance that two random names agree (so the adjustments average out): "Siti Aminah"
agreeing says less than "Yohanes Sitompul" agreeing. The adjustment is bounded (``tf_cap``
bits either way) and shown in the pair's explanation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NULL = -1
NIK_DERIVED = frozenset({"birth_date", "sex", "region"})
NAME_COMPARISONS = frozenset({"name", "given", "family"})
PROBABILITY_FLOOR = 1e-6
U_FLOOR = 1e-12
EM_ITERATIONS = 40
EM_TOLERANCE = 1e-5
MIN_SESSION_PAIRS = 30
NIK_SESSION = 4096
RARE = 1e-3


@dataclass(frozen=True)
class Comparison:
    """One field comparison: its levels from worst (0) to best."""

    name: str
    levels: tuple[str, ...]

    @property
    def column(self) -> str:
        """Return the level column in ``sql/compare.sql``."""
        return f"c_{self.name}"


COMPARISONS: tuple[Comparison, ...] = (
    Comparison("nik", ("differs", "one edit apart", "exact")),
    Comparison("kpj", ("differs", "one edit apart", "exact")),
    Comparison("other_id", ("differs", "one edit apart", "exact")),
    Comparison(
        "name",
        (
            "disagree",
            "weakly similar (Jaro-Winkler >= 0.75)",
            "similar (Jaro-Winkler >= 0.88)",
            "abbreviation or truncation",
            "same words or nearly equal (Jaro-Winkler >= 0.94)",
            "exact after normalisation",
        ),
    ),
    Comparison("given", ("disagree", "similar or swapped", "close", "exact")),
    Comparison("family", ("disagree", "similar or swapped", "close", "exact")),
    Comparison(
        "birth_date",
        ("disagree", "same day and month or two edits", "one digit off", "day-month swap", "exact"),
    ),
    Comparison("sex", ("differs", "agrees")),
    Comparison("region", ("differs", "same province", "same regency", "same district")),
    Comparison("address", ("disagree", "some words shared", "mostly shared", "exact")),
    Comparison("phone", ("differs", "one digit apart", "exact")),
)
BY_NAME = {c.name: c for c in COMPARISONS}
LEVEL_COLUMNS = ("nik_shaped", *(c.column for c in COMPARISONS))
CODE_BITS = 3  # per level column in a packed pattern code (sql/compare.sql)

# Levels whose weight gets a term-frequency adjustment (the levels where the names agree).
TF_LEVELS: dict[str, frozenset[int]] = {
    "name": frozenset({4, 5}),
    "given": frozenset({3}),
    "family": frozenset({3}),
}

# Blocking rules of sql/stage3_pairs.sql (flag bit -> comparisons it blocks on, which its
# EM session leaves out) and the NIK session of stage 1 pairs.
NAME_AND_DATE = NAME_COMPARISONS | {"birth_date"}
BLOCKING_RULES: dict[int, frozenset[str]] = {
    1: NAME_AND_DATE,
    2: NAME_AND_DATE,
    4: NAME_AND_DATE,
    8: NAME_AND_DATE,
    16: NAME_AND_DATE,
    32: frozenset({"kpj"}),
    64: frozenset({"other_id"}),
    128: frozenset({"phone"}),
    256: NAME_COMPARISONS | {"region"},
    512: NAME_COMPARISONS | {"address"},
    1024: NAME_COMPARISONS | {"address"},
    2048: frozenset({"address"}),
    8192: frozenset({"birth_date", "address"}),
    16384: NAME_COMPARISONS,
    32768: frozenset({"address"}),
    65536: frozenset({"address"}),
    131072: frozenset({"birth_date"}),
    262144: NAME_COMPARISONS,
    524288: NAME_AND_DATE,
    1048576: frozenset({"birth_date"}),
    NIK_SESSION: frozenset({"nik"}),
}

# The EM session whose pairs share each identifier (see _refine_identifier_u).
IDENTIFIER_SESSIONS = {"nik": NIK_SESSION, "kpj": 32, "other_id": 64}

Pattern = Mapping[str, int]


def decode(code: int) -> dict[str, int]:
    """Return the levels packed in a pattern code: nik_shaped, then level + 1 per column."""
    mask = (1 << CODE_BITS) - 1
    out = {"nik_shaped": code & mask}
    for i, column in enumerate(LEVEL_COLUMNS[1:], start=1):
        out[column] = ((code >> (CODE_BITS * i)) & mask) - 1
    return out


def encode(pattern: Pattern) -> int:
    """Return the packed code of a pattern (the inverse of ``decode``)."""
    code = int(pattern.get("nik_shaped", 0))
    for i, column in enumerate(LEVEL_COLUMNS[1:], start=1):
        code |= (int(pattern.get(column, NULL)) + 1) << (CODE_BITS * i)
    return code


def active_comparisons(left_fields: Iterable[str], right_fields: Iterable[str]) -> list[str]:
    """Return the comparisons both sides can feed, given their mapped FIELDs."""
    left, right = set(left_fields), set(right_fields)
    both = left & right
    names = {"name", "given_name", "family_name"}
    split = {"given_name", "family_name"} <= both
    active: list[str] = [f for f in ("nik", "kpj", "other_id") if f in both]
    if split:
        active += ["given", "family"]
    elif left & names and right & names:
        active.append("name")
    active += [f for f in ("birth_date", "sex", "region", "address", "phone") if f in both]
    return active


def _floor(p: float) -> float:
    return min(max(p, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR)


def estimate_u(patterns: Sequence[Pattern], comparisons: Sequence[str]) -> dict[str, list[float]]:
    """Return u probabilities: level frequencies among random pairs (missing values excluded)."""
    u: dict[str, list[float]] = {}
    for name in comparisons:
        comp = BY_NAME[name]
        counts = [0.0] * len(comp.levels)
        for row in patterns:
            level = row[comp.column]
            if level != NULL:
                counts[level] += row["n"]
        total = sum(counts)
        floor = 0.5 / max(total, 1.0)
        u[name] = [max(c / total if total else 0.0, floor) for c in counts]
        norm = sum(u[name])
        u[name] = [_floor(p / norm) for p in u[name]]
    return u


def _initial_m(comp: Comparison) -> list[float]:
    raw = [2.0**i for i in range(len(comp.levels))]
    total = sum(raw)
    return [r / total for r in raw]


def _posteriors(
    patterns: Sequence[Pattern],
    comparisons: Sequence[str],
    m: Mapping[str, Sequence[float]],
    u: Mapping[str, Sequence[float]],
    lam: float,
) -> list[float]:
    prior = math.log2(lam / (1 - lam))
    out = []
    for row in patterns:
        w = prior
        for name in comparisons:
            level = row[BY_NAME[name].column]
            if level != NULL:
                w += math.log2(m[name][level] / u[name][level])
        out.append(1.0 / (1.0 + 2.0 ** (-min(max(w, -60.0), 60.0))))
    return out


def run_em(
    patterns: Sequence[Pattern],
    comparisons: Sequence[str],
    u: Mapping[str, Sequence[float]],
    *,
    m: Mapping[str, Sequence[float]] | None = None,
    lam: float = 0.3,
    iterations: int = EM_ITERATIONS,
) -> tuple[dict[str, list[float]], float, float]:
    """Estimate m and the in-block match share by EM; return (m, lambda, expected matches)."""
    current = {n: list(m[n]) if m and n in m else _initial_m(BY_NAME[n]) for n in comparisons}
    total = float(sum(row["n"] for row in patterns))
    expected = 0.0
    if total <= 0:
        return current, lam, expected  # no candidate pairs: nothing to learn from
    for _ in range(iterations):
        post = _posteriors(patterns, comparisons, current, u, lam)
        expected = sum(p * row["n"] for p, row in zip(post, patterns, strict=True))
        new_lam = min(max(expected / total, 1e-9), 1 - 1e-9)
        new: dict[str, list[float]] = {}
        for name in comparisons:
            comp = BY_NAME[name]
            acc = [0.1] * len(comp.levels)  # a small pseudo-count keeps every level possible
            for p, row in zip(post, patterns, strict=True):
                level = row[comp.column]
                if level != NULL:
                    acc[level] += p * row["n"]
            norm = sum(acc)
            new[name] = [_floor(a / norm) for a in acc]
        delta = max(
            abs(a - b) for n in comparisons for a, b in zip(new[n], current[n], strict=True)
        )
        current, lam = new, new_lam
        if delta < EM_TOLERANCE:
            break
    return current, lam, expected


@dataclass
class Model:
    """A trained Fellegi-Sunter model: m and u per comparison level, and the prior."""

    comparisons: list[str]
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    sessions: list[dict[str, Any]] = field(default_factory=list)
    # Per name comparison: the chance that two random names agree, from the names' term
    # frequencies (sum of tf squared); the reference of the term-frequency adjustment.
    tf_agree: dict[str, float] = field(default_factory=dict)

    def weight(self, name: str, level: int) -> float:
        """Return the weight in bits of LEVEL of comparison NAME (0 when missing)."""
        if level == NULL or name not in self.m:
            return 0.0
        if self.m[name][level] < RARE and self.u[name][level] < RARE:
            return 0.0  # a level neither matches nor random pairs show carries no evidence
        return math.log2(self.m[name][level] / self.u[name][level])

    def score(self, pattern: Pattern) -> tuple[float, list[tuple[str, str, float]]]:
        """Return a pattern's total weight and its parts (comparison, level label, weight)."""
        nik_implies = bool(pattern.get("nik_shaped")) and pattern.get("c_nik", NULL) in (1, 2)
        total = math.log2(self.prior / (1 - self.prior))
        parts: list[tuple[str, str, float]] = []
        for name in self.comparisons:
            comp = BY_NAME[name]
            level = pattern[comp.column]
            if level == NULL:
                parts.append((name, "missing", 0.0))
                continue
            if nik_implies and name in NIK_DERIVED:
                parts.append((name, f"{comp.levels[level]}, implied by the NIK", 0.0))
                continue
            w = self.weight(name, level)
            parts.append((name, comp.levels[level], w))
            total += w
        return total, parts

    def tf_u(self, pattern: Pattern) -> dict[str, float | None]:
        """Return, per name comparison whose level is adjusted, the adjustment's reference.

        A pair agreeing on a name of term frequency tf gets log2(reference / tf) bits:
        the reference is the chance that two random names agree (the sum of tf squared),
        so that the adjustment averages out over agreeing random pairs.
        """
        out: dict[str, float | None] = {}
        for name, levels in TF_LEVELS.items():
            level = pattern.get(BY_NAME[name].column, NULL)
            reference = self.tf_agree.get(name)
            adjusted = name in self.u and level in levels and bool(reference)
            out[name] = reference if adjusted else None
        return out

    def explain(self, pattern: Pattern, adjustments: Mapping[str, float] | None = None) -> str:
        """Return a one-line explanation: each field, how it compared, and its weight.

        ADJUSTMENTS (bits per name comparison) are the pair's term-frequency adjustments:
        they are added to the field's weight and said in a part of their own.
        """
        total, parts = self.score(pattern)
        texts = []
        for name, label, w in parts:
            adj = (adjustments or {}).get(name, 0.0)
            texts.append(f"{name}: {label} ({w + adj:+.1f})")
            if adj:
                kind = "common" if adj < 0 else "rare"
                texts.append(f"{name} frequency: a {kind} {name}, adjusted by {adj:+.1f}")
            total += adj
        fields = "; ".join(texts)
        return (
            f"{fields}; prior {math.log2(self.prior / (1 - self.prior)):+.1f}; total {total:+.1f}"
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the model as JSON-safe data (levels with m, u and weight)."""
        return {
            "prior": self.prior,
            "comparisons": {
                name: [
                    {
                        "level": label,
                        "m": self.m[name][i],
                        "u": self.u[name][i],
                        "weight": self.weight(name, i),
                    }
                    for i, label in enumerate(BY_NAME[name].levels)
                ]
                for name in self.comparisons
            },
            "term_frequency_adjusted": {
                name: {"levels": sorted(levels), "agree": self.tf_agree.get(name)}
                for name, levels in TF_LEVELS.items()
                if name in self.m
            },
            "sessions": self.sessions,
        }


def probability(weight: float) -> float:
    """Return the match probability of a total weight in bits."""
    return float(1.0 / (1.0 + 2.0 ** (-min(max(weight, -60.0), 60.0))))


def train(
    *,
    random_patterns: Sequence[Pattern],
    blocked_patterns: Sequence[Pattern],
    comparisons: Sequence[str],
    sample_left: int,
    right_rows: int,
) -> Model:
    """Train a model: u from random pairs, m by EM per blocking session, then the prior."""
    u = estimate_u(random_patterns, comparisons)
    estimates: dict[str, list[tuple[float, list[float]]]] = {n: [] for n in comparisons}
    sessions: list[dict[str, Any]] = []
    for bit, blocked_on in BLOCKING_RULES.items():
        rows = dedupe([row for row in blocked_patterns if row["flags"] & bit])
        free = [n for n in comparisons if n not in blocked_on]
        if sum(row["n"] for row in rows) < MIN_SESSION_PAIRS or not free:
            continue
        m, lam, expected = run_em(rows, free, u)
        sessions.append({"rule": bit, "pairs": sum(r["n"] for r in rows), "lambda": lam})
        for name in free:
            estimates[name].append((expected, m[name]))
    _refine_identifier_u(u, sessions, sample_left=sample_left, right_rows=right_rows)
    fallback: dict[str, list[float]] = {}
    if any(not estimates[n] for n in comparisons):
        fallback, _, _ = run_em(dedupe(blocked_patterns), comparisons, u)
        sessions.append({"rule": 0, "pairs": sum(r["n"] for r in blocked_patterns)})
    m_final: dict[str, list[float]] = {}
    for name in comparisons:
        runs = estimates[name]
        if not runs:
            m_final[name] = fallback[name]
            continue
        weight = sum(e for e, _ in runs) or 1.0
        levels = len(BY_NAME[name].levels)
        m_final[name] = [
            _floor(sum(e * m[i] for e, m in runs) / weight) if weight else runs[0][1][i]
            for i in range(levels)
        ]
    # The prior: matches expected among the sample's candidate pairs, over all pairs.
    unique = dedupe(blocked_patterns)
    model = Model(list(comparisons), m_final, u, prior=0.5, sessions=sessions)
    lam_block = _estimate_lambda(unique, model)
    expected = lam_block * sum(row["n"] for row in unique)
    expected = min(max(expected, 1.0), float(sample_left))
    model.prior = min(max(expected / (sample_left * max(right_rows, 1)), 1e-12), 0.5)
    return model


def _refine_identifier_u(
    u: dict[str, list[float]],
    sessions: Sequence[dict[str, Any]],
    *,
    sample_left: int,
    right_rows: int,
) -> None:
    """Estimate u of an identifier's exact level from its session, when that is smaller.

    Random pairs cannot show how rarely two different people share a NIK: a million of
    them bound u only to about one in a million, while the prior shrinks with the size of
    the registry, so exact identifiers would weigh less the larger the registry. The
    identifier's EM session (the sample's pairs with equal values) estimates the share of
    those pairs that are different people, (1 - lambda); over all pairs that is u.
    """
    by_rule = {s["rule"]: s for s in sessions}
    for name, bit in IDENTIFIER_SESSIONS.items():
        session = by_rule.get(bit)
        if name not in u or session is None:
            continue
        exact = len(BY_NAME[name].levels) - 1
        non_matches = max((1 - session["lambda"]) * session["pairs"], 0.5)
        estimate = max(non_matches / (max(sample_left, 1) * max(right_rows, 1)), U_FLOOR)
        if estimate < u[name][exact]:
            u[name][exact] = estimate
            session["u_exact"] = estimate


def dedupe(patterns: Sequence[Pattern]) -> list[dict[str, int]]:
    merged: dict[tuple[int, ...], int] = {}
    for row in patterns:
        key = tuple(row[c] for c in LEVEL_COLUMNS)
        merged[key] = merged.get(key, 0) + row["n"]
    return [{**dict(zip(LEVEL_COLUMNS, k, strict=True)), "n": n} for k, n in merged.items()]


def _estimate_lambda(patterns: Sequence[Pattern], model: Model) -> float:
    lam = 0.3
    total = float(sum(row["n"] for row in patterns)) or 1.0
    scored = [
        (model.score({**row, "nik_shaped": 0})[0] - _logit(model.prior), row["n"])
        for row in patterns
    ]
    for _ in range(EM_ITERATIONS):
        expected = sum(probability(w + _logit(lam)) * n for w, n in scored)
        new = min(max(expected / total, 1e-9), 1 - 1e-9)
        if abs(new - lam) < EM_TOLERANCE:
            return new
        lam = new
    return lam


def _logit(p: float) -> float:
    return math.log2(p / (1 - p))
