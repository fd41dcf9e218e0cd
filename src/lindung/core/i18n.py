"""The language of messages the rules give in both of their languages (``{"id", "en"}``).

``lindung.rules`` is pure and bilingual: every issue carries its Indonesian and English
message. Pages, the API and commands show the one of the active Django language:
English when it is English, Indonesian otherwise (the product's default).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language


def message_language() -> str:
    """Return ``"en"`` when the active language is English, else ``"id"``."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def in_language(messages: Mapping[str, str]) -> str:
    """Return the active language's message of a stored ``{"id": ..., "en": ...}`` pair."""
    return messages.get(message_language()) or messages.get("id") or ""
