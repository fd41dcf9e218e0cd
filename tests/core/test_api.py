"""The API's error shape and authentication, for sessions and bearer tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from lindung.accounts import services as account_services
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


def _assert_error_shape(body, code):
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    for error in body["errors"]:
        assert {"loc", "msg"} <= set(error)


class TestApiErrors:
    def test_anonymous_gets_401_in_the_error_shape(self, client):
        response = client.get("/api/v1/accounts/me")
        assert response.status_code == 401
        _assert_error_shape(response.json(), "unauthenticated")

    def test_malformed_json_is_a_clear_4xx(self):
        user = f.regency_officer()
        _token, key = account_services.issue_api_token(actor=user, name="t")
        response = Client().post(
            "/api/v1/accounts/tokens",
            data="{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        assert response.status_code in {400, 422}
        _assert_error_shape(response.json(), response.json()["code"])

    def test_missing_field_names_its_location(self):
        user = f.regency_officer()
        _token, key = account_services.issue_api_token(actor=user, name="t")
        response = Client().post(
            "/api/v1/accounts/tokens",
            data={},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        assert response.status_code == 422
        body = response.json()
        _assert_error_shape(body, "validation_error")
        assert body["errors"][0]["loc"][-1] == "name"

    def test_service_validation_error_is_422_with_field(self):
        user = f.regency_officer()
        _token, key = account_services.issue_api_token(actor=user, name="t")
        response = Client().post(
            "/api/v1/accounts/tokens",
            data={"name": "   "},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["name"]

    def test_unknown_endpoint_is_404_json(self, client):
        response = client.get("/api/v1/nope")
        assert response.status_code == 404

    def test_openapi_schema_and_docs_are_served(self, client):
        schema = client.get("/api/v1/openapi.json")
        assert schema.status_code == 200
        assert "/api/v1/regions" in schema.json()["paths"]
        assert client.get("/api/v1/docs").status_code == 200


class TestApiAuthentication:
    def test_bearer_token_acts_as_its_user(self):
        user = f.regency_officer("61.71")
        _token, key = account_services.issue_api_token(actor=user, name="t")
        body = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()
        assert body["username"] == user.username
        assert body["region_code"] == "61.71"

    def test_wrong_or_revoked_token_is_401(self):
        user = f.regency_officer()
        token, key = account_services.issue_api_token(actor=user, name="t")
        client = Client()
        assert (
            client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer lin_wrong").status_code
            == 401
        )
        account_services.revoke_api_token(actor=user, token_id=token.pk)
        assert (
            client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
        )

    def test_session_works_for_reads_and_needs_csrf_for_writes(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(f.regency_officer())
        assert client.get("/api/v1/accounts/me").status_code == 200
        response = client.post(
            "/api/v1/accounts/tokens", data={"name": "x"}, content_type="application/json"
        )
        assert response.status_code == 403

    def test_created_key_is_shown_once_and_only_prefix_later(self):
        user = f.regency_officer()
        _token, key = account_services.issue_api_token(actor=user, name="t")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        created = client.post(
            "/api/v1/accounts/tokens", data={"name": "etl"}, content_type="application/json"
        )
        assert created.status_code == 201
        new_key = created.json()["key"]
        listing = client.get("/api/v1/accounts/tokens").json()
        assert all("key" not in t for t in listing)
        assert new_key not in str(listing)


class TestHealthz:
    def test_reports_database_status(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["database"] == "ok"


class TestOversizedRequests:
    def test_oversized_form_gets_a_specific_indonesian_400(self, client, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
        client.force_login(f.admin())
        response = client.post("/akun/pengguna/baru/", {"username": "x" * (2 * 1024 * 1024)})
        assert response.status_code == 400
        assert "lebih besar dari 1 MB" in response.content.decode()

    def test_oversized_api_body_gets_the_json_error_shape(self, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
        user = f.regency_officer()
        _token, key = account_services.issue_api_token(actor=user, name="t")
        response = Client().post(
            "/api/v1/accounts/tokens",
            data='{"name": "%s"}' % ("x" * (2 * 1024 * 1024)),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        assert response.status_code in {400, 413}
        body = response.json()
        _assert_error_shape(body, body["code"])
