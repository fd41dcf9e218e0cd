"""A simple Indonesian name normaliser for blocking and fuzzy matching (no database).

It folds case, accents, titles and the old spelling (``oe``, ``dj``, ``tj``) and maps the
usual variants of Muhammad and Abdul, so ``H. Moch. Djoko`` and ``muhammad joko`` compare
equal. A fuller normaliser lives in ``lindung.linkage``; this one is enough for proposals.
"""

from __future__ import annotations

import re
import unicodedata

_TITLES = frozenset(
    {
        "h", "hj", "haji", "hajah", "ir", "dr", "drs", "dra", "prof", "sh", "se", "st", "sp",
        "spd", "skm", "sk", "sos", "ssos", "mm", "mh", "msi", "amd", "bapak", "pak", "ibu",
        "bu", "sdr", "sdri", "tn", "ny", "nn", "alm", "almh",
    }
)  # fmt: skip
_VARIANTS = {
    "moh": "muhammad",
    "moch": "muhammad",
    "mochamad": "muhammad",
    "mochammad": "muhammad",
    "mohammad": "muhammad",
    "mohamad": "muhammad",
    "muhamad": "muhammad",
    "muhammad": "muhammad",
    "muh": "muhammad",
    "mhd": "muhammad",
    "md": "muhammad",
    "m": "muhammad",
    "abd": "abdul",
    "abdul": "abdul",
    "nur": "nur",
    "noer": "nur",
}
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"))


def normalise_name(name: str) -> str:
    """Return a comparable form of a person's name (lower case, no titles, new spelling)."""
    # Academic degrees follow a comma ("Siti Aminah, S.Pd").
    text = unicodedata.normalize("NFKD", name.split(",", 1)[0])
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z\s]", " ", text.replace(".", ". ").replace("'", ""))
    words = []
    for word in text.split():
        if word in _TITLES:
            continue
        if word in _VARIANTS:
            words.append(_VARIANTS[word])
            continue
        for old, new in _OLD_SPELLING:
            word = word.replace(old, new)
        words.append(word)
    return " ".join(words)


def first_token(name_key: str) -> str:
    """Return the first word that is not a common prefix, for blocking."""
    words = [w for w in name_key.split() if w not in {"muhammad", "abdul", "nur"}]
    return words[0] if words else name_key
