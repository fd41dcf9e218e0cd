"""How messages are localised: the rules' bilingual messages and dates in sentences.

``lindung.rules`` is pure and bilingual: every issue carries its Indonesian and English
message. Pages, the API and commands show the one of the active Django language:
English when it is English, Indonesian otherwise (the product's default). Dates inside
messages are written as the pages write them: DD/MM/YYYY.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils.translation import get_language


def message_language() -> str:
    """Return ``"en"`` when the active language is English, else ``"id"``."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def in_language(messages: Mapping[str, str]) -> str:
    """Return the active language's message of a stored ``{"id": ..., "en": ...}`` pair."""
    return messages.get(message_language()) or messages.get("id") or ""


def display_date(day: date) -> str:
    """Return a date as the pages and messages show it: DD/MM/YYYY (the Indonesian habit)."""
    return day.strftime("%d/%m/%Y")
