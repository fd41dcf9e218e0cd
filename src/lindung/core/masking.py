"""Masking of personal data (UU 27/2022): shown masked unless explicitly revealed."""

from __future__ import annotations

import re

_MASK = "*"


def mask_identifier(value: str | None, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """Mask the middle of an identifier: ``6171015001900003`` -> ``6171********0003``."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return _MASK * len(value)
    middle = len(value) - keep_start - keep_end
    return value[:keep_start] + _MASK * middle + value[len(value) - keep_end :]


def mask_name(value: str | None) -> str:
    """Keep each word's first letter: ``Siti Aminah`` -> ``S*** A*****``."""
    if not value:
        return ""
    return re.sub(r"(?<=\w)\w", _MASK, value)


def mask_phone(value: str | None) -> str:
    """Keep the first four and last two digits of a phone number."""
    return mask_identifier(value, keep_start=4, keep_end=2)


def mask_email(value: str | None) -> str:
    """Keep the first letter of the local part and the domain."""
    if not value or "@" not in value:
        return mask_identifier(value, keep_start=1, keep_end=0)
    local, domain = value.split("@", 1)
    return local[:1] + _MASK * max(len(local) - 1, 1) + "@" + domain


def mask_birth_date(value: object) -> str:
    """Show only the year of a birth date."""
    if value is None:
        return ""
    text = str(value)
    return text[:4] + "-**-**" if len(text) >= 4 else _MASK * len(text)
