"""Bilingual rules messages follow the active language (Indonesian unless English)."""

from __future__ import annotations

import pytest
from django.utils import translation

from lindung.core.i18n import in_language, message_language

PAIR = {"id": "Perlu konfirmasi.", "en": "Confirm it."}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "id"), ("en", "en"), ("en-gb", "en"), ("fr", "id")],
)
def test_the_message_language_is_english_only_for_english(language, expected):
    with translation.override(language):
        assert message_language() == expected


def test_a_stored_pair_shows_in_the_active_language():
    with translation.override("en"):
        assert in_language(PAIR) == "Confirm it."
    with translation.override("id"):
        assert in_language(PAIR) == "Perlu konfirmasi."


def test_a_pair_missing_the_language_falls_back_to_indonesian():
    with translation.override("en"):
        assert in_language({"id": "Hanya bahasa Indonesia."}) == "Hanya bahasa Indonesia."
    assert in_language({}) == ""


def test_dates_in_messages_are_written_as_the_pages_write_them():
    from datetime import date

    from lindung.core.i18n import display_date

    assert display_date(date(2026, 9, 1)) == "01/09/2026"
