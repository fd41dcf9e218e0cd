"""The open-data body is built once per cache period and language, then served from cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lindung.coverage import selectors as coverage_selectors

pytestmark = pytest.mark.django_db


def test_body_is_built_once_then_served_from_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    original = coverage_selectors.public_coverage

    def counting(**kwargs: Any) -> Any:
        calls.append(tuple(sorted(kwargs.items())))
        return original(**kwargs)

    monkeypatch.setattr(coverage_selectors, "public_coverage", counting)
    client = Client()
    first = client.get("/api/v1/public/coverage", {"year": "2025"})
    second = client.get("/api/v1/public/coverage", {"year": "2025"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert len(calls) == 1
    client.get("/api/v1/public/coverage", {"year": "2025", "sector": "construction"})
    assert len(calls) == 2
    not_modified = client.get(
        "/api/v1/public/coverage", {"year": "2025"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert not_modified.status_code == 304
    assert len(calls) == 2
