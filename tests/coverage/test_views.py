"""Role and region scope of the dashboard: outside scope answers exactly like absent."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import timezone, translation

from lindung.accounts.models import Role
from lindung.coverage import services as coverage_services
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


def _without_csrf(content: bytes) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', "", content.decode()
    )


SCOPES = {
    Role.PROVINCIAL_ADMIN: "61",
    Role.PROVINCIAL_ANALYST: "61",
    Role.BPJS_OFFICER: "61",
    Role.REGENCY_OFFICER: "61.01",
    Role.AGENCY_USER: "61.01",
    Role.CONTRACTOR: "61.01",
    Role.VILLAGE_CADRE: "61.01.01",
}


class TestDashboardScope:
    @pytest.mark.parametrize(("role", "scope"), SCOPES.items(), ids=str)
    def test_opens_on_the_users_own_scope(self, client, role, scope):
        user = f.user_of_role(role, scope)
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["view"].region.code == scope

    def test_sambas_officer_cannot_open_pontianak(self, client):
        client.force_login(f.regency_officer("61.01"))
        outside = client.get("/dasbor/61.71/")
        absent = client.get("/dasbor/61.99/")
        assert outside.status_code == absent.status_code == 404
        # Identical apart from per-response tokens and the echoed path of the language form.
        assert _without_csrf(outside.content).replace("61.71", "X") == _without_csrf(
            absent.content
        ).replace("61.99", "X")

    def test_sambas_officer_cannot_open_the_province_or_a_pontianak_district(self, client):
        client.force_login(f.regency_officer("61.01"))
        assert client.get("/dasbor/61/").status_code == 404
        assert client.get("/dasbor/61.71.01/").status_code == 404

    def test_sambas_officer_drills_down_inside_sambas(self, client):
        client.force_login(f.regency_officer("61.01"))
        response = client.get("/dasbor/61.01.01/")
        assert response.status_code == 200
        assert [r.code for r in response.context["view"].path] == ["61", "61.01", "61.01.01"]

    def test_cadre_cannot_open_the_neighbouring_district(self, client):
        client.force_login(f.user_of_role(Role.VILLAGE_CADRE, "61.01.01"))
        assert client.get("/dasbor/61.01.02/").status_code == 404
        assert client.get("/dasbor/61.01/").status_code == 404

    def test_province_dashboard_counts_and_lists_regencies(self, client):
        client.force_login(f.admin())
        view = client.get("/").context["view"]
        assert (view.district_count, view.village_count) == (174, 2145)
        pontianak = next(c for c in view.children if c.region.code == "61.71")
        assert (pontianak.districts, pontianak.villages) == (6, 29)

    def test_prefix_lookalike_is_not_inside_scope(self, client):
        # 61.1 is not a region, and "61.10" must not count as inside "61.1".
        client.force_login(f.regency_officer("61.01"))
        assert client.get("/dasbor/61.010/").status_code == 404

    def test_inactive_user_is_logged_out(self, client):
        user = f.regency_officer("61.01", is_active=False)
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 302

    def test_anonymous_goes_to_login(self, client):
        response = client.get("/dasbor/61.71/")
        assert response.status_code == 302
        assert "/akun/masuk/" in response.url


class TestLanguage:
    def test_switches_to_english_and_back(self, client):
        client.force_login(f.admin())
        assert "Dasbor" in client.get("/").content.decode()
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        html = client.get("/").content.decode()
        assert 'lang="en"' in html
        assert "Dashboard" in html
        client.post("/i18n/setlang/", {"language": "id", "next": "/"})
        assert 'lang="id"' in client.get("/").content.decode()


YEAR = 2026


@pytest.fixture
def extracts():
    from tests.coverage.test_selectors import _january, _june

    january = _january()
    return january, _june(january)


@pytest.fixture
def reference():
    for code, workers in (("61", 20_000), ("61.71", 10_000), ("61.01", 3_000)):
        coverage_services.record_denominator(
            actor=None, region_code=code, sector="all", year=2025, workers=workers,
            source="Sakernas 2025",
        )  # fmt: skip


def _year_params() -> str:
    """Return the year part of a link: left out when it is this year (the default)."""
    return "" if timezone.localdate().year == YEAR else f"year={YEAR}"


def _figure_json(html: str, element_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match is not None, element_id
    figure: dict[str, Any] = json.loads(match.group(1))
    return figure


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text)))


class TestDashboardPage:
    def test_province_figures_map_and_drill_down_links(self, client, extracts, reference):
        client.force_login(f.admin())
        response = client.get("/", {"year": YEAR})
        assert response.status_code == 200
        figure = response.context["figure"]
        assert (figure.numerator, figure.percent) == (5_061, Decimal("25.31"))
        html = response.content.decode()
        assert 'data-testid="figure-participants">5.061<' in html
        assert "/static/lindung/vendor/plotly.min.js" in html
        assert "<script>" not in html  # CSP: figures are JSON, drawn by a static script
        the_map = _figure_json(html, "fig-map")
        traces = the_map["data"]
        assert traces[0]["type"] == "choroplethmap"
        assert traces[0]["geojson"] == "/api/v1/regions/geojson?level=regency"
        assert the_map["layout"]["map"]["style"]["sources"] == {}
        shown = dict(zip(traces[0]["locations"], traces[0]["z"], strict=True))
        assert shown["61.71"] == pytest.approx(45.5)
        assert "61.02" in traces[1]["locations"]  # no data: the grey trace
        links = {row[1]: row[0] for trace in traces for row in trace["customdata"]}
        query = _year_params()
        expected = "/dasbor/61.71/" + (f"?{query}" if query else "")
        assert links["Kota Pontianak"] == expected
        assert f'href="{expected}"' in html

    def test_bars_print_their_values(self, client, extracts, reference):
        client.force_login(f.admin())
        html = client.get("/", {"year": YEAR}).content.decode()
        bars = _figure_json(html, "fig-sectors")["data"][0]
        assert bars["type"] == "bar"
        assert bars["text"][bars["y"].index("Konstruksi")] == "3.500"
        trend = _figure_json(html, "fig-trend")["data"][0]
        assert trend["text"] == ["4.600", "5.061"]

    def test_filters_stay_in_the_url_and_filter_every_figure(self, client, extracts, reference):
        client.force_login(f.admin())
        response = client.get("/", {"year": YEAR, "sector": "fishing", "segment": "bpu"})
        assert response.context["figure"].numerator == 1_000
        query = "&".join(p for p in (_year_params(), "sector=fishing&segment=bpu") if p)
        assert response.context["filters"].query() == query
        html = response.content.decode()
        assert "/dasbor/61.71/?" + query.replace("&", "&amp;") in html
        assert "/dasbor/61/ekspor/wilayah.csv?" + query.replace("&", "&amp;") in html
        assert 'data-testid="gap-projects"' not in html  # projects are construction only

    def test_an_invalid_filter_falls_back_to_its_default(self, client, extracts, reference):
        client.force_login(f.admin())
        response = client.get("/", {"year": "1999", "sector": "mining"})
        filters = response.context["filters"]
        assert (filters.sector, filters.segment) == ("all", "all")
        assert response.status_code == 200

    def test_this_year_is_the_default_and_links_stay_plain(self, client, extracts, reference):
        client.force_login(f.admin())
        response = client.get("/")
        assert response.context["filters"].year == timezone.localdate().year
        assert response.context["filters"].query() == ""

    def test_quality_checks_are_listed(self, client, extracts, reference):
        client.force_login(f.admin())
        html = client.get("/", {"year": YEAR}).content.decode()
        assert 'data-check="sudden_drop"' in html
        assert 'data-check="no_data"' in html
        assert 'data-check="over_100"' not in html

    def test_regency_view_maps_its_districts(self, client, extracts, reference):
        client.force_login(f.admin())
        html = client.get("/dasbor/61.71/", {"year": YEAR}).content.decode()
        traces = _figure_json(html, "fig-map")["data"]
        assert traces[0]["geojson"] == "/api/v1/regions/geojson?level=district&parent=61.71"
        codes = {code for trace in traces for code in trace["locations"]}
        assert codes == {f"61.71.0{i}" for i in range(1, 7)}

    def test_district_view_lists_villages_without_a_map(self, client, extracts, reference):
        client.force_login(f.admin())
        response = client.get("/dasbor/61.71.01/", {"year": YEAR})
        html = response.content.decode()
        assert response.context["figures"]["map"] is None
        assert 'data-testid="villages"' in html
        assert response.context["figure"].numerator == 3_500

    def test_every_figure_has_a_definition(self, client, extracts, reference):
        client.force_login(f.admin())
        with translation.override("en"):
            html = client.get("/", {"year": YEAR}, headers={"accept-language": "en"}).content
        text = html.decode()
        for key in ("participants", "percent", "gap", "budget", "lapse", "new"):
            tile = text[text.index(f'data-testid="figure-{key}"') - 600 :]
            assert "<abbr title=" in tile[:600]
        assert text.count("<abbr title=") >= 15
        assert 'data-testid="definitions"' in text


class TestRegencyOfficerScope:
    def test_sees_only_their_regency_on_map_lists_and_exports(self, client, extracts, reference):
        client.force_login(f.regency_officer("61.01"))
        response = client.get("/", {"year": YEAR})
        assert response.context["view"].region.code == "61.01"
        traces = _figure_json(response.content.decode(), "fig-map")["data"]
        codes = {code for trace in traces for code in trace["locations"]}
        assert codes
        assert all(code.startswith("61.01.") for code in codes)
        assert traces[0]["geojson"].endswith("parent=61.01")
        rows = _csv(client.get("/dasbor/61.01/ekspor/wilayah.csv", {"year": YEAR}))
        assert all(r[0].startswith("61.01") or r[0] == "" for r in rows[1:])
        assert rows[-1][0] == "61.01"

    @pytest.mark.parametrize(
        "url",
        [
            "/dasbor/61.71/",
            "/dasbor/61/",
            "/dasbor/61.71/kesenjangan/wilayah/",
            "/dasbor/61.71/kesenjangan/proyek/",
            "/dasbor/61.71/ekspor/wilayah.csv",
            "/dasbor/61.71/ekspor/kesenjangan-proyek.xlsx",
            "/dasbor/61/ekspor/tren.csv",
        ],
    )
    def test_out_of_scope_answers_404(self, client, extracts, url):
        client.force_login(f.regency_officer("61.01"))
        assert client.get(url).status_code == 404


class TestGapScreens:
    @pytest.mark.parametrize("kind", ["wilayah", "proyek", "instansi", "kontraktor"])
    def test_each_list_has_its_own_screen(self, client, extracts, reference, kind):
        client.force_login(f.admin())
        response = client.get(f"/dasbor/61/kesenjangan/{kind}/", {"year": YEAR})
        assert response.status_code == 200
        assert 'data-testid="gap-table"' in response.content.decode()

    def test_regions_ranked_by_unprotected(self, client, extracts, reference):
        client.force_login(f.admin())
        rows = client.get("/dasbor/61/kesenjangan/wilayah/", {"year": YEAR}).context["rows"]
        assert [(r.code, r.indicator.unprotected) for r in rows[:2]] == [
            ("61.71", 10_000 - 4_550),
            ("61.01", 3_000 - 400),
        ]

    def test_unknown_list_is_404(self, client):
        client.force_login(f.admin())
        assert client.get("/dasbor/61/kesenjangan/desa/").status_code == 404


class TestExports:
    @pytest.mark.parametrize(
        "kind",
        [
            "wilayah", "sektor", "segmen", "tren", "kesenjangan-wilayah", "kesenjangan-proyek",
            "kesenjangan-instansi", "kesenjangan-kontraktor",
        ],
    )  # fmt: skip
    def test_every_table_exports_as_csv_and_xlsx(self, client, extracts, reference, kind):
        client.force_login(f.admin())
        csv_response = client.get(f"/dasbor/61/ekspor/{kind}.csv", {"year": YEAR})
        assert csv_response.status_code == 200
        assert csv_response.streaming
        assert f'filename="cakupan-{kind}-61-2026.csv"' in csv_response["Content-Disposition"]
        assert len(_csv(csv_response)[0]) > 1
        xlsx_response = client.get(f"/dasbor/61/ekspor/{kind}.xlsx", {"year": YEAR})
        assert xlsx_response.status_code == 200
        body = b"".join(xlsx_response.streaming_content)
        xlsx_response.close()
        book = openpyxl.load_workbook(io.BytesIO(body))
        assert book.worksheets[0].max_row >= 1

    def test_region_export_matches_the_page(self, client, extracts, reference):
        client.force_login(f.admin())
        with translation.override("en"):
            rows = _csv(client.get("/dasbor/61/ekspor/wilayah.csv", {"year": YEAR}))
        by_code = {r[0]: r for r in rows[1:]}
        assert by_code["61.71"][2] == "4550"
        assert by_code["61.71"][4] == "45.50"
        assert by_code["61"][2] == "5061"

    def test_a_project_name_starting_a_formula_is_escaped(self, client, extracts):
        from tests.factories.projects import make_project

        make_project(name='=HYPERLINK("http://x")', fiscal_year=YEAR, planned_workforce=12)
        client.force_login(f.admin())
        rows = _csv(client.get("/dasbor/61/ekspor/kesenjangan-proyek.csv", {"year": YEAR}))
        assert rows[1][1] == '\'=HYPERLINK("http://x")'
        response = client.get("/dasbor/61/ekspor/kesenjangan-proyek.xlsx", {"year": YEAR})
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        response.close()
        assert book.worksheets[0]["B2"].value == '\'=HYPERLINK("http://x")'

    @pytest.mark.parametrize(
        "url", ["/dasbor/61/ekspor/wilayah.pdf", "/dasbor/61/ekspor/semua.csv"]
    )
    def test_unknown_table_or_format_is_404(self, client, url):
        client.force_login(f.admin())
        assert client.get(url).status_code == 404

    def test_anonymous_cannot_export(self, client, extracts):
        response = client.get("/dasbor/61/ekspor/wilayah.csv")
        assert response.status_code == 302
