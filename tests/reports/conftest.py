"""The report tests' shared data (``tests.reports.data``)."""

from __future__ import annotations

import pytest

from tests.reports.data import ReportData, make_report_data


@pytest.fixture
def report_data(db: None) -> ReportData:
    return make_report_data()
