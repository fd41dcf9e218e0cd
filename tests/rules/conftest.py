"""Fixtures for the pure rules tests: no Django, no database."""

from __future__ import annotations

import pytest

from lindung.rules import ParameterSet, WorkingCalendar, build_calendar, default_parameters


@pytest.fixture(scope="session")
def params() -> ParameterSet:
    return default_parameters()


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return build_calendar(range(2015, 2028))
