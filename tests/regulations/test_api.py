"""The public rules API: shapes, OpenAPI, the error shape and per-IP throttling."""

from __future__ import annotations

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

BASE = "/api/v1/rules"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle history lives in the default cache; keep tests independent.
    cache.clear()
    yield
    cache.clear()


def _assert_error_shape(body, code="validation_error"):
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert body["message"]
    for error in body["errors"]:
        assert {"loc", "msg"} <= set(error)


class TestJakonEndpoint:
    def test_returns_the_contribution_with_tiers_and_parameters(self, client):
        response = client.get(
            f"{BASE}/jakon", {"contract_value": "350000000", "date": "2026-01-15"}
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["jkk"], body["jkm"], body["total"]) == (635000, 80000, 715000)
        assert body["contract_value"] == "350000000"
        assert body["as_of"] == "2026-01-15"
        assert len(body["tiers"]) == 5
        assert {"name", "value", "valid_from", "source"} <= set(body["parameters"][0])

    def test_accepts_indonesian_thousands_dots(self, client):
        response = client.get(
            f"{BASE}/jakon", {"contract_value": "350.000.000", "date": "2026-01-15"}
        )
        assert response.json()["total"] == 715000

    def test_is_public(self, client):
        response = client.get(f"{BASE}/jakon", {"contract_value": "1000000"})
        assert response.status_code == 200

    @pytest.mark.parametrize("value", ["-5", "0", "abc", "99999999999999", "1e999999999", ""])
    def test_bad_contract_value_is_422_naming_the_field(self, client, value):
        response = client.get(f"{BASE}/jakon", {"contract_value": value})
        assert response.status_code == 422
        body = response.json()
        _assert_error_shape(body)
        assert body["errors"][0]["loc"] == ["contract_value"]

    def test_date_before_the_rules_is_422_on_the_date(self, client):
        response = client.get(f"{BASE}/jakon", {"contract_value": "1000000", "date": "2001-01-01"})
        assert response.status_code == 422
        body = response.json()
        _assert_error_shape(body)
        assert body["errors"][0]["loc"] == ["date"]

    def test_malformed_date_is_422_in_the_shape(self, client):
        response = client.get(f"{BASE}/jakon", {"contract_value": "1000000", "date": "kemarin"})
        assert response.status_code == 422
        body = response.json()
        _assert_error_shape(body)
        assert body["errors"][0]["loc"][-1] == "date"

    def test_missing_value_is_422_in_the_shape(self, client):
        response = client.get(f"{BASE}/jakon")
        assert response.status_code == 422
        _assert_error_shape(response.json())


class TestOtherEndpoints:
    def test_deadline_skips_holidays(self, client):
        response = client.get(f"{BASE}/deadline", {"spk_date": "2026-03-16"})
        assert response.status_code == 200
        body = response.json()
        assert body["registration_due"] == "2026-04-13"
        assert {"date", "reason"} <= set(body["skipped"][0])

    def test_nik_path_decodes(self, client):
        body = client.get(f"{BASE}/nik/6171015001900003").json()
        assert body["valid"] is True
        assert body["region_code"] == "61.71.01"
        assert body["birth_date"] == "1990-01-10"
        assert body["sex"] == "female"

    def test_identifier_reports_errors_without_raising(self, client):
        response = client.get(f"{BASE}/identifier/kpj/12AB")
        assert response.status_code == 200
        body = response.json()
        assert body["valid"] is False
        assert body["errors"][0]["code"] == "id_not_digits"

    def test_unknown_identifier_kind_is_422(self, client):
        response = client.get(f"{BASE}/identifier/sim/123")
        assert response.status_code == 422
        _assert_error_shape(response.json())

    def test_pu(self, client):
        body = client.get(f"{BASE}/pu", {"wage": "3000000", "date": "2026-01-15"}).json()
        assert body["total"] > 0
        assert {p["program"] for p in body["programs"]} >= {"JKK", "JKM"}

    def test_bpu(self, client):
        body = client.get(f"{BASE}/bpu", {"income": "1000000", "date": "2026-01-15"}).json()
        assert (body["jkk"], body["jkm"]) == (10000, 6800)

    def test_benefit_jkm_death(self, client):
        response = client.get(
            f"{BASE}/benefit",
            {"kind": "jkm_death", "contribution_years": "3", "date": "2026-01-15"},
        )
        body = response.json()
        assert body["total"] == 42_000_000
        assert body["beasiswa_eligible"] is True

    def test_benefit_jkk_death_needs_a_wage(self, client):
        response = client.get(f"{BASE}/benefit", {"kind": "jkk_death"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["wage"]

    def test_beasiswa_post(self, client):
        response = client.post(
            f"{BASE}/beasiswa",
            {
                "cause": "jkm_death",
                "contribution_years": "3",
                "date": "2026-01-15",
                "children": [{"birth_date": "2015-05-01", "level": "SD"}],
            },
            content_type="application/json",
        )
        assert response.status_code == 200
        body = response.json()
        assert body["eligible"] is True
        assert body["total"] > 0

    def test_parameters_lists_sources(self, client):
        body = client.get(f"{BASE}/parameters", {"date": "2026-01-15"}).json()
        names = {p["name"] for p in body["parameters"]}
        assert "jakon.jkk.tiers" in names
        assert all(p["source"] for p in body["parameters"])


class TestOpenApi:
    def test_every_rules_endpoint_is_documented_with_a_summary(self, client):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        rules = {path: ops for path, ops in paths.items() if path.startswith(BASE)}
        expected = {
            "jakon", "wage", "deadline", "pu", "bpu", "benefit", "beasiswa", "nik/{nik}",
            "identifier/{kind}/{value}", "parameters",
        }  # fmt: skip
        assert {path.removeprefix(f"{BASE}/") for path in rules} == expected
        for ops in rules.values():
            for op in ops.values():
                assert op["summary"]
                assert op.get("security") in (None, [])


class TestThrottling:
    def test_too_many_requests_is_429_in_the_error_shape(self, client, settings):
        settings.LINDUNG_RULES_API_RATE = "2/min"
        for _ in range(2):
            assert client.get(f"{BASE}/nik/6171015001900003").status_code == 200
        response = client.get(f"{BASE}/nik/6171015001900003")
        assert response.status_code == 429
        _assert_error_shape(response.json(), "rate_limited")

    def test_the_limit_is_per_ip(self, client, settings):
        settings.LINDUNG_RULES_API_RATE = "1/min"
        assert client.get(f"{BASE}/nik/6171015001900003").status_code == 200
        other = client.get(f"{BASE}/nik/6171015001900003", REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200
