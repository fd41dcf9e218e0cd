"""Field-level agreement of a linked pair, from the engine's one-line explanation.

The engine explains a pair as ``field: level (weight); ...; prior P; total T`` (see
``engine.model.Model.explain``). Runs store it as JSON that pages can highlight and
translate: per field its level index, how far it agrees, its weight in bits, and whether
the NIK already implied it.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.linkage.engine.model import BY_NAME

IMPLIED = ", implied by the NIK"
_PART = re.compile(r"^(?P<field>[a-z_]+): (?P<label>.+) \((?P<weight>[+-]?\d+(?:\.\d+)?)\)$")
_TOTAL = re.compile(r"^(?P<name>prior|total) (?P<value>[+-]?\d+(?:\.\d+)?)$")

AGREE, PARTIAL, DISAGREE, MISSING = "agree", "partial", "disagree", "missing"

FIELD_LABELS: dict[str, Promise] = {
    "nik": _("NIK"),
    "kpj": _("KPJ"),
    "name": _("Name"),
    "given": _("Given name"),
    "family": _("Family name"),
    "birth_date": _("Birth date"),
    "sex": _("Sex"),
    "region": _("Region"),
    "address": _("Address"),
    "phone": _("Phone number"),
    "other_id": _("Other number"),
}

LEVEL_LABELS: dict[str, tuple[Promise, ...]] = {
    "nik": (_("different"), _("one digit off"), _("the same")),
    "kpj": (_("different"), _("one digit off"), _("the same")),
    "other_id": (_("different"), _("one digit off"), _("the same")),
    "name": (
        _("different"),
        _("weakly similar"),
        _("similar"),
        _("abbreviated or shortened"),
        _("nearly the same"),
        _("the same"),
    ),
    "birth_date": (
        _("different"),
        _("same day and month, or two digits off"),
        _("one digit off"),
        _("day and month swapped"),
        _("the same"),
    ),
    "sex": (_("different"), _("the same")),
    "region": (
        _("different province"),
        _("same province"),
        _("same regency"),
        _("same district"),
    ),
}


def parse_explanation(text: str) -> dict[str, Any]:
    """Return the engine's explanation as ``{"fields": [...], "prior": P, "total": T}``."""
    fields: list[dict[str, Any]] = []
    out: dict[str, Any] = {"fields": fields, "prior": None, "total": None}
    for part in (p.strip() for p in (text or "").split("; ")):
        total = _TOTAL.match(part)
        if total:
            out[total["name"]] = float(total["value"])
            continue
        found = _PART.match(part)
        if not found or found["field"] not in BY_NAME:
            continue
        name, label = found["field"], found["label"]
        implied = label.endswith(IMPLIED)
        label = label.removesuffix(IMPLIED)
        levels = BY_NAME[name].levels
        level = levels.index(label) if label in levels else None
        fields.append(
            {
                "field": name,
                "level": level,
                "levels": len(levels),
                "agreement": agreement(level, len(levels)),
                "weight": float(found["weight"]),
                "implied": implied,
            }
        )
    return out


def agreement(level: int | None, levels: int) -> str:
    """Return how far a level agrees: the best level, the worst, one between, or missing."""
    if level is None:
        return MISSING
    if level == levels - 1:
        return AGREE
    if level == 0:
        return DISAGREE
    return PARTIAL


def level_label(field: str, level: int | None) -> str:
    """Return a field level's label in the current language."""
    if level is None:
        return str(_("missing"))
    labels = LEVEL_LABELS.get(field)
    if labels is not None and 0 <= level < len(labels):
        return str(labels[level])
    return BY_NAME[field].levels[level]


def field_label(field: str) -> str:
    """Return a compared field's name in the current language."""
    return str(FIELD_LABELS.get(field, field))


def agreement_of(explanation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the stored field rows keyed by field name (for side-by-side pages)."""
    return {row["field"]: row for row in explanation.get("fields", [])}
