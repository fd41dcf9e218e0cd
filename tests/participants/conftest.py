"""Participant tests read messages in English unless they test the Indonesian UI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def english() -> Iterator[None]:
    """Run the test with English messages (service and command output)."""
    with translation.override("en"):
        yield
