"""The audit trail is append-only: ORM, raw SQL, admin and API all refuse changes."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction

from lindung.accounts import services as account_services
from lindung.accounts.models import AuditEvent
from lindung.core.errors import Immutable
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return account_services.record_audit(
        actor=None, action="test.action", entity_type="thing", entity_id=1
    )


class TestAuditImmutability:
    def test_save_of_existing_row_is_refused(self, event):
        event.note = "tampered"
        with pytest.raises(Immutable):
            event.save()

    def test_delete_is_refused(self, event):
        with pytest.raises(Immutable):
            event.delete()

    def test_queryset_update_and_delete_are_refused(self, event):
        with pytest.raises(Immutable):
            AuditEvent.objects.filter(pk=event.pk).update(note="x")
        with pytest.raises(Immutable):
            AuditEvent.objects.filter(pk=event.pk).delete()

    def test_raw_sql_update_is_refused_by_the_database(self, event):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_auditevent SET note = 'x' WHERE id = %s", [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).note == ""

    def test_raw_sql_delete_is_refused_by_the_database(self, event):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_admin_offers_no_add_change_or_delete(self, event, rf):
        model_admin = site._registry[AuditEvent]
        request = rf.get("/")
        request.user = f.admin(is_superuser=True, is_staff=True)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, event)
        assert not model_admin.has_delete_permission(request, event)

    def test_records_origin_of_the_request(self, client):
        admin = f.admin()
        client.force_login(admin)
        client.post(
            f"/akun/pengguna/{admin.pk}/buka-kontak/",
            HTTP_USER_AGENT="pytest-agent",
            REMOTE_ADDR="10.1.2.3",
        )
        event = AuditEvent.objects.get(action="personal_data.reveal")
        assert event.ip_address == "10.1.2.3"
        assert event.user_agent == "pytest-agent"
        assert event.actor_username == admin.username
