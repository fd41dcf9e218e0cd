"""How a project's Jakon calculation is stored: its own part, and a shared basis.

``lindung.rules.jakon.JakonContribution.to_dict`` is the calculation's full record. Its
contract base policy, relief factor, parameters used, warnings, and each tier's number,
bounds and rates depend only on the parameter versions in force, so they are stored once
(``ContributionBasis``, keyed by the digest of their content). Each project keeps the
rest: its amounts, the date of the rates, and per tier only its slice of the base and
the JKK and JKM on it (``slices``: ``[base_slice, jkk, jkm]`` per tier, in tier order).
``merge(split(d))`` is ``d`` again. Pure functions, no I/O.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# The keys of the rules' result that are the same for every project of a parameter regime.
BASIS_KEYS = ("base_policy", "relief_factor", "parameters", "warnings")
# A tier line's keys that are the same for every project of a regime, and its own ones.
BAND_KEYS = ("tier", "lower", "upper", "jkk_rate_pct", "jkm_rate_pct")
SLICE_KEYS = ("base_slice", "jkk", "jkm")


def split(detail: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (basis, own part) of a calculation record."""
    basis = {key: detail[key] for key in BASIS_KEYS}
    basis["bands"] = [{key: line[key] for key in BAND_KEYS} for line in detail["tiers"]]
    own = {key: value for key, value in detail.items() if key not in (*BASIS_KEYS, "tiers")}
    own["slices"] = [[line[key] for key in SLICE_KEYS] for line in detail["tiers"]]
    return basis, own


def canonical(basis: dict[str, Any]) -> str:
    """Return the basis as canonical JSON text (sorted keys, no spaces)."""
    return json.dumps(basis, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(basis: dict[str, Any]) -> str:
    """Return the basis's content address: SHA-256 of its canonical JSON."""
    return hashlib.sha256(canonical(basis).encode()).hexdigest()


def merge(basis: dict[str, Any] | None, own: dict[str, Any]) -> dict[str, Any]:
    """Return the full calculation record of a stored own part and its basis."""
    if not own:
        return {}
    record = {key: value for key, value in own.items() if key != "slices"}
    if basis is not None:
        record.update((key, basis[key]) for key in BASIS_KEYS)
        record["tiers"] = [
            band | dict(zip(SLICE_KEYS, line, strict=True))
            for band, line in zip(basis["bands"], own["slices"], strict=True)
        ]
    return record
