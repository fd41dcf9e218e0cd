"""Open data: GET /api/v1/public/coverage and /data-terbuka/, no login, small counts withheld."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest

from lindung.coverage import services as coverage_services
from lindung.demo import coverage as demo_coverage
from lindung.participants.models import Snapshot
from lindung.workers.models import Sector
from tests.coverage.snapshots import Stat, make_snapshot
from tests.coverage.test_suppression import derivable

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/coverage"
REGENCIES = [
    "61.01", "61.02", "61.03", "61.04", "61.05", "61.06", "61.07", "61.08", "61.09", "61.10",
    "61.11", "61.12", "61.71", "61.72",
]  # fmt: skip
SECTORS = [*Sector.values, "not_stated"]


@pytest.fixture
def extract() -> Snapshot:
    """An extract with two small counts (3 and 5) among large ones."""
    coverage_services.record_denominator(
        actor=None, region_code="61.71", sector="construction", year=2026, workers=20_000,
        source="Sakernas 2025",
    )  # fmt: skip
    return make_snapshot(
        date(2026, 6, 30),
        [
            Stat("61.71", "61.71.01", "jakon", "construction", n=1_200),
            Stat("61.71", "61.71.02", "bpu", "fishing", n=3),
            Stat("61.71", "61.71.02", "bpu", "farming", n=40),
            Stat("61.01", "61.01.01", "bpu", "fishing", n=310),
            Stat("61.01", "61.01.01", "bpu", "farming", n=5),
            Stat("61.01", "61.01.01", "jakon", "construction", n=220),
            Stat("61.01", "61.01.01", "bpu", "farming", "lapsed", "lapsed", n=2),
            Stat("61.03", "61.03.01", "pu", "", n=75),
            Stat("", "", "pu", "", n=12),
        ],
    )


def _rows(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(row["region_code"], row["sector"]): row for row in data["rows"]}


class TestPublicCoverageApi:
    def test_no_login_and_no_personal_data(self, client, extract):
        response = client.get(URL, {"year": 2026})
        assert response.status_code == 200
        data = response.json()
        assert data["extract_date"] == "2026-06-30"
        assert data["source"]["kind"] == "snapshot"
        assert "2026-06-30" in data["source"]["participants"]
        assert data["threshold"] == 10
        assert set(data["rows"][0]) == {
            "region_code", "region_name", "sector", "sector_label", "participants", "suppressed",
            "workers", "workers_source", "coverage_percent",
        }  # fmt: skip

    def test_hand_computed_cells_and_totals(self, client, extract):
        rows = _rows(client.get(URL, {"year": 2026}).json())
        pontianak = rows[("61.71", "construction")]
        assert pontianak["participants"] == 1_200
        assert pontianak["workers"] == 20_000
        assert pontianak["coverage_percent"] == "6.00"
        assert rows[("61.01", "construction")]["participants"] == 220
        # Totals are exact: lapsed participants are not protected and not counted.
        assert rows[("61", "all")]["participants"] == 1_200 + 3 + 40 + 310 + 5 + 220 + 75 + 12
        assert rows[("61.71", "all")]["participants"] == 1_243
        assert rows[("not_stated", "not_stated")]["participants"] == 12

    def test_small_counts_are_withheld(self, client, extract):
        rows = _rows(client.get(URL, {"year": 2026}).json())
        for key in (("61.71", "fishing"), ("61.01", "farming")):
            assert rows[key]["suppressed"] is True
            assert rows[key]["participants"] is None
            assert rows[key]["coverage_percent"] is None
        published = [r["participants"] for r in rows.values() if not r["suppressed"]]
        assert not any(0 < n < 10 for n in published)

    def test_withheld_counts_cannot_be_derived_from_the_totals(self, client, extract):
        rows = _rows(client.get(URL, {"year": 2026}).json())
        hidden = {key for key, row in rows.items() if row["suppressed"]}
        # The two small cells and the two that close the rectangle around them.
        assert hidden == {
            ("61.71", "fishing"), ("61.01", "farming"), ("61.71", "farming"), ("61.01", "fishing"),
        }  # fmt: skip
        regions = [*REGENCIES, "not_stated"]
        assert set(rows) == {(r, c) for r in [*regions, "61"] for c in [*SECTORS, "all"]}
        assert derivable(hidden, regions, SECTORS, "61", "all") == set()

    def test_sector_filter_shows_the_same_withheld_cells(self, client, extract):
        everything = _rows(client.get(URL, {"year": 2026}).json())
        fishing = _rows(client.get(URL, {"year": 2026, "sector": "fishing"}).json())
        assert set(fishing) == {key for key in everything if key[1] == "fishing"}
        assert {k for k, r in fishing.items() if r["suppressed"]} == {
            k for k, r in everything.items() if r["suppressed"] and k[1] == "fishing"
        }

    def test_invalid_filters_are_refused_with_their_location(self, client, extract):
        response = client.get(URL, {"year": 1999, "sector": "mining"})
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert [e["loc"] for e in body["errors"]] == [["query", "year"], ["query", "sector"]]

    def test_cache_friendly(self, client, extract):
        first = client.get(URL, {"year": 2026})
        assert "public" in first["Cache-Control"]
        assert "max-age=900" in first["Cache-Control"]
        etag = first["ETag"]
        again = client.get(URL, {"year": 2026}, headers={"if-none-match": etag})
        assert again.status_code == 304
        assert again.content == b""
        other = client.get(
            URL, {"year": 2026, "sector": "fishing"}, headers={"if-none-match": etag}
        )
        assert other.status_code == 200

    def test_a_year_without_data_is_empty(self, client, extract):
        data = client.get(URL, {"year": 2024}).json()
        assert data["rows"] == []
        assert data["source"]["kind"] == "none"

    def test_published_figures_without_an_extract(self, client):
        demo_coverage.load_official_figures()
        rows = _rows(client.get(URL, {"year": 2025}).json())
        assert rows[("61", "construction")]["participants"] == 42_591
        assert rows[("61", "construction")]["coverage_percent"] == "27.66"


class TestOpenDataPage:
    def test_anonymous_visitor_sees_the_table_with_withheld_cells(self, client, extract):
        response = client.get("/data-terbuka/", {"year": 2026})
        assert response.status_code == 200
        # The page frame carries the visitor's session: never cached by shared caches.
        assert "public" not in response.get("Cache-Control", "")
        html = response.content.decode()
        assert 'data-testid="open-data-table"' in html
        assert html.count("data-suppressed") == sum(
            1 for row in response.context["data"].rows if row.suppressed
        )
        assert "1.200" in html
        assert "2026-06-30" in html

    def test_csv_download_without_login(self, client, extract):
        response = client.get("/data-terbuka/cakupan.csv", {"year": 2026, "sector": "fishing"})
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        body = rows[1:]
        assert len(body) == len(REGENCIES) + 2  # regencies, "not stated", the province
        # Columns: year, extract date, region code, region, sector code, sector, participants.
        withheld = next(r for r in body if r[2] == "61.71")
        assert (withheld[4], withheld[6]) == ("fishing", "")
        province = next(r for r in body if r[2] == "61")
        assert province[6] == str(3 + 310)

    def test_xlsx_download_and_unknown_format(self, client, extract):
        response = client.get("/data-terbuka/cakupan.xlsx", {"year": 2026})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        response.close()
        assert client.get("/data-terbuka/cakupan.pdf").status_code == 404
