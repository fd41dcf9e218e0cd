"""Exports of a run's results: masked by default, unmasked only when allowed, always audited."""

from __future__ import annotations

import pytest
from django.test import Client

from lindung.accounts.models import AuditEvent, Role
from lindung.linkage import services
from lindung.linkage.models import ReconciliationRun
from tests.factories import accounts as f
from tests.factories import linkage as lf

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario() -> lf.Scenario:
    return lf.make_scenario(registered=20, unregistered=5, strangers=10)


def _run(scenario: lf.Scenario) -> ReconciliationRun:
    return services.reconcile(actor=None, snapshot_id=scenario.snapshot.pk, region_code="61")


def _csv(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def test_default_export_is_masked_and_audited(scenario: lf.Scenario) -> None:
    run = _run(scenario)
    worker = scenario.workers["exact"]
    client = Client()
    client.force_login(f.UserFactory.create(role=Role.PROVINCIAL_ANALYST, region_id="61"))
    body = _csv(client, f"/rekonsiliasi/{run.pk}/ekspor.csv")
    assert body.splitlines()[0].startswith("id_pekerja,nik,nama,tanggal_lahir")
    assert worker.nik not in body
    assert worker.name not in body
    assert worker.nik[:4] + "*" in body
    event = AuditEvent.objects.get(action="reconciliation.export")
    assert event.changes["after"]["unmasked"] is False


def test_analyst_may_export_unmasked_and_it_is_audited(scenario: lf.Scenario) -> None:
    run = _run(scenario)
    worker = scenario.workers["exact"]
    client = Client()
    client.force_login(f.UserFactory.create(role=Role.PROVINCIAL_ANALYST, region_id="61"))
    body = _csv(client, f"/rekonsiliasi/{run.pk}/ekspor.csv?unmasked=1&status=covered")
    assert worker.nik in body
    assert worker.name in body
    assert all(",covered," in line for line in body.splitlines()[1:])
    event = AuditEvent.objects.get(action="reconciliation.export")
    assert event.changes["after"] == {"unmasked": True, "status": "covered", "region": ""}


def test_regency_officer_cannot_export_unmasked_and_sees_only_their_regency(
    scenario: lf.Scenario,
) -> None:
    run = _run(scenario)
    client = Client()
    client.force_login(f.regency_officer("61.01"))
    refused = client.get(f"/rekonsiliasi/{run.pk}/ekspor.csv?unmasked=1")
    assert refused.status_code == 403
    assert not AuditEvent.objects.filter(action="reconciliation.export").exists()
    body = _csv(client, f"/rekonsiliasi/{run.pk}/ekspor.csv")
    assert len(body.splitlines()) == 1  # the scenario's workers all live in Pontianak


def test_xlsx_export_and_unknown_format(scenario: lf.Scenario) -> None:
    run = _run(scenario)
    client = Client()
    client.force_login(f.UserFactory.create(role=Role.BPJS_OFFICER, region_id="61"))
    assert client.get(f"/rekonsiliasi/{run.pk}/ekspor.pdf").status_code == 404
    response = client.get(f"/rekonsiliasi/{run.pk}/ekspor.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    # Closing ends the request (and its connection): nothing may touch the database after.
    response.close()
    assert content.startswith(b"PK")
