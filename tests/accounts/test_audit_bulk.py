"""Bulk audit rows for imports: same actor and origin on every row."""

from __future__ import annotations

import pytest

from lindung.accounts import services as account_services
from lindung.accounts.models import AuditEvent, Role
from tests.factories.accounts import user_of_role

pytestmark = pytest.mark.django_db


def test_record_audits_writes_every_entry_with_the_actor() -> None:
    actor = user_of_role(Role.PROVINCIAL_ADMIN, "61")
    written = account_services.record_audits(
        actor=actor,
        entries=[
            account_services.AuditEntry(
                action="project.import_update",
                entity_type="project",
                entity_id=n,
                changes={"after": {"n": n}},
                note="x" * 600,
            )
            for n in range(3)
        ],
    )
    assert written == 3
    rows = list(AuditEvent.objects.filter(action="project.import_update").order_by("entity_id"))
    assert [r.entity_id for r in rows] == ["0", "1", "2"]
    assert {r.actor_username for r in rows} == {actor.username}
    assert len(rows[0].note) == 500


def test_record_audits_as_the_system() -> None:
    account_services.record_audits(
        actor=None, entries=[account_services.AuditEntry(action="a", entity_type="b")]
    )
    assert AuditEvent.objects.get(action="a").actor_username == "system"
