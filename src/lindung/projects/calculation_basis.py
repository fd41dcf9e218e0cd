"""How a project's Jakon calculation is stored: its own part, and a shared basis.

``lindung.rules.jakon.JakonContribution.to_dict`` is the calculation's full record. Its
contract base policy, relief factor, parameters used and warnings depend only on the
parameter versions in force, so they are stored once (``ContributionBasis``, keyed by the
digest of their content) and each project keeps the rest: its amounts, tier slices and
the date of the rates. ``merge(split(d))`` is ``d`` again. Pure functions, no I/O.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# The keys of the rules' result that are the same for every project of a parameter regime.
BASIS_KEYS = ("base_policy", "relief_factor", "parameters", "warnings")


def split(detail: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (basis, own part) of a calculation record."""
    basis = {key: detail[key] for key in BASIS_KEYS}
    own = {key: value for key, value in detail.items() if key not in BASIS_KEYS}
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
    return {**own, **(basis or {})}
