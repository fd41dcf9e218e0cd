"""The public self-check: status only, same answer for unknown NIK and wrong birth date,
rate-limited, every check logged without the NIK."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lindung.linkage import services
from lindung.linkage.models import SelfCheckLog
from lindung.rules.identifiers import build_nik
from tests.factories import linkage as lf

pytestmark = pytest.mark.django_db

PAGE = "/cek-perlindungan/"
API = "/api/v1/public/self-check"
RESULT = re.compile(r'<section class="card" data-testid="self-check-result".*?</section>', re.S)


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scenario() -> lf.Scenario:
    return lf.make_scenario(registered=30, unregistered=5, strangers=20)


def _check(client: Client, nik: str, birth: date | str, ip: str = "10.0.0.1") -> Any:
    value = birth.isoformat() if isinstance(birth, date) else birth
    return client.post(PAGE, {"nik": nik, "birth_date": value}, REMOTE_ADDR=ip)


def _api(client: Client, nik: str, birth: date, ip: str = "10.0.0.1") -> Any:
    body = json.dumps({"nik": nik, "birth_date": birth.isoformat()})
    return client.post(API, body, content_type="application/json", REMOTE_ADDR=ip)


def _result(response: Any) -> str:
    found = RESULT.search(response.content.decode())
    assert found, "no result section"
    return found.group(0)


class TestPage:
    def test_form_with_guidance_and_no_login(self, client: Client):
        html = client.get(PAGE).content.decode()
        assert 'data-testid="self-check-form"' in html
        assert "csrfmiddlewaretoken" in html
        assert 'href="/kalkulator/"' in html
        assert 'href="/manfaat/"' in html

    def test_protected_worker(self, client: Client, scenario):
        worker = scenario.workers["exact"]
        assert worker.birth_date is not None
        response = _check(client, worker.nik, worker.birth_date)
        assert response.status_code == 200
        assert 'data-outcome="covered"' in _result(response)

    def test_lapsed_worker_learns_the_month(self, client: Client, scenario):
        worker = scenario.workers["lapsed"]
        assert worker.birth_date is not None
        result = _result(_check(client, worker.nik, worker.birth_date))
        assert 'data-outcome="lapsed"' in result
        assert "September 2025" in result

    def test_no_personal_data_is_shown(self, client: Client, scenario):
        worker = scenario.workers["lapsed"]
        assert worker.birth_date is not None
        html = _check(client, worker.nik, worker.birth_date).content.decode()
        assert worker.nik not in html
        assert "Ernawati" not in html
        assert scenario.kpj["lapsed"] not in html

    def test_wrong_birth_date_answers_exactly_like_an_unknown_nik(self, client: Client, scenario):
        worker = scenario.workers["exact"]
        unknown = build_nik("61.71.01", date(1999, 9, 9), "male", 4242)
        wrong_birth = _check(client, worker.nik, date(1980, 3, 15))
        not_found = _check(client, unknown, date(1999, 9, 9))
        assert wrong_birth.status_code == not_found.status_code == 200
        assert _result(wrong_birth) == _result(not_found)
        assert 'data-outcome="not_found"' in _result(not_found)

    def test_registry_status_answers_when_the_snapshot_has_another_nik(
        self, client: Client, scenario
    ):
        worker = scenario.workers["typo"]  # BPJS holds the NIK with one digit off
        assert worker.birth_date is not None
        before = _result(_check(client, worker.nik, worker.birth_date))
        assert 'data-outcome="not_found"' in before
        services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61")
        after = _result(_check(client, worker.nik, worker.birth_date))
        assert 'data-outcome="covered"' in after

    def test_every_check_is_logged_without_the_nik(self, client: Client, scenario):
        worker = scenario.workers["exact"]
        assert worker.birth_date is not None
        _check(client, worker.nik, worker.birth_date, ip="10.1.2.3")
        log = SelfCheckLog.objects.get()
        assert log.outcome == "covered"
        assert log.nik_hash == services.keyed_hash(worker.nik, "self-check-nik")
        assert log.ip_hash == services.keyed_hash("10.1.2.3", "self-check-ip")
        stored = " ".join(str(v) for v in SelfCheckLog.objects.values().get().values())
        assert worker.nik not in stored
        assert "10.1.2.3" not in stored
        assert not log.via_api

    def test_malformed_nik_is_a_field_error_and_not_a_lookup(self, client: Client):
        response = _check(client, "61710112345", date(1990, 1, 1))
        assert response.status_code == 422
        assert list(response.context["form"].errors) == ["nik"]
        assert not SelfCheckLog.objects.exists()

    def test_future_birth_date_is_refused(self, client: Client):
        nik = build_nik("61.71.01", date(1990, 1, 1), "male", 1)
        response = _check(client, nik, date(2999, 1, 1))
        assert response.status_code == 422
        assert list(response.context["form"].errors) == ["birth_date"]

    def test_form_needs_the_csrf_token(self, scenario):
        worker = scenario.workers["exact"]
        assert worker.birth_date is not None
        strict = Client(enforce_csrf_checks=True)
        response = _check(strict, worker.nik, worker.birth_date)
        assert response.status_code == 403
        assert not SelfCheckLog.objects.exists()


class TestRateLimits:
    def test_a_nik_is_limited_even_from_many_addresses(self, client: Client, scenario, settings):
        settings.LINDUNG_SELF_CHECK_PER_NIK = 2
        worker = scenario.workers["exact"]
        for i in range(2):
            assert _check(client, worker.nik, date(1970, 1, 1), ip=f"10.0.0.{i}").status_code == 200
        refused = _check(client, worker.nik, date(1980, 3, 14), ip="10.9.9.9")
        assert refused.status_code == 429
        html = refused.content.decode()
        assert 'data-testid="self-check-limited"' in html
        assert '<html lang="id">' in html
        assert 'data-testid="self-check-result"' not in html
        assert SelfCheckLog.objects.filter(outcome="limited").count() == 1

    def test_an_address_is_limited_across_niks(self, client: Client, settings):
        settings.LINDUNG_SELF_CHECK_PER_IP = 3
        niks = [build_nik("61.71.01", date(1990, 1, 1), "male", n) for n in range(1, 6)]
        statuses = [_check(client, nik, date(1990, 1, 1)).status_code for nik in niks[:4]]
        assert statuses == [200, 200, 200, 429]
        other_address = _check(client, niks[4], date(1990, 1, 1), ip="10.0.0.2")
        assert other_address.status_code == 200

    def test_limit_applies_to_the_api_too(self, client: Client, settings):
        settings.LINDUNG_SELF_CHECK_PER_NIK = 1
        nik = build_nik("61.71.01", date(1990, 1, 1), "male", 7)
        assert _api(client, nik, date(1990, 1, 1)).status_code == 200
        refused = _api(client, nik, date(1990, 1, 1))
        assert refused.status_code == 429
        assert refused.json()["code"] == "rate_limited"


class TestApi:
    def test_lapsed_answer(self, client: Client, scenario):
        worker = scenario.workers["lapsed"]
        assert worker.birth_date is not None
        response = _api(client, worker.nik, worker.birth_date)
        assert response.status_code == 200
        assert response.json() == {"outcome": "lapsed", "lapsed_since": "2025-09"}
        assert SelfCheckLog.objects.get().via_api

    def test_wrong_birth_date_and_unknown_nik_are_the_same_json(self, client: Client, scenario):
        worker = scenario.workers["exact"]
        unknown = build_nik("61.71.01", date(1999, 9, 9), "male", 4343)
        first = _api(client, worker.nik, date(1981, 3, 14))
        second = _api(client, unknown, date(1999, 9, 9))
        assert first.content == second.content
        assert first.json() == {"outcome": "not_found", "lapsed_since": None}

    def test_malformed_nik_is_422(self, client: Client):
        response = _api(client, "123", date(1990, 1, 1))
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["nik"]
        assert not SelfCheckLog.objects.exists()
