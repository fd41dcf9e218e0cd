"""Shared fixtures: loaded regions, users of every role, and SQLite audit-flush handling."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

# Playwright drives the browser from the test thread while live_server serves requests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the packaged regions once per test database: every test may rely on them."""
    from lindung.regions import services as region_services

    with django_db_blocker.unblock():
        region_services.load_regions(actor=None)
    yield
    if connection.vendor != "postgresql":
        return
    # A connection left open by a server or worker thread would stop PostgreSQL from
    # dropping the test database at the end of the session: end them first.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


def _set_sqlite_audit_maintenance(enabled: bool) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM lindung_audit_maintenance")
        if enabled:
            cursor.execute("INSERT INTO lindung_audit_maintenance (enabled) VALUES (1)")


@pytest.fixture(autouse=True)
def _audit_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the audit DELETE guard on during tests; lift it only for transactional flushes."""
    names = request.fixturenames
    if not any(n in names for n in ("db", "transactional_db", "live_server")):
        yield
        return
    transactional = "transactional_db" in names or "live_server" in names
    if transactional:
        request.getfixturevalue("transactional_db")
    _set_sqlite_audit_maintenance(False)
    if transactional:
        # A transactional test's teardown flushes every table; reload the shared regions.
        from lindung.regions import services as region_services
        from lindung.regions.models import Region

        if not Region.objects.exists():
            region_services.load_regions(actor=None)
    yield
    if transactional:
        _set_sqlite_audit_maintenance(True)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Start every test with an empty cache (rate limits, cached open-data bodies)."""
    from django.core.cache import cache

    cache.clear()
