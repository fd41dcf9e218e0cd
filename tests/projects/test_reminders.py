from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from lindung.accounts.models import Role
from lindung.notifications.models import Notification
from lindung.projects import services as project_services
from tests.factories import accounts as f
from tests.factories.projects import PpkFactory, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    ppk_user = f.user_of_role(Role.AGENCY_USER, "61.71", email="ppk@example.id")
    officer = f.regency_officer("61.71", email="disnaker@example.id")
    other_officer = f.regency_officer("61.01")
    return ppk_user, officer, other_officer


class TestDeadlineReminders:
    def test_overdue_project_notifies_ppk_and_regency_officer_once_a_week(
        self, people, django_capture_on_commit_callbacks
    ):
        ppk_user, officer, _sambas_officer = people
        project = make_project(spk_date=date(2026, 3, 2), region_id="61.71.01")
        project.ppk = PpkFactory.create(user=ppk_user, agency=project.agency)
        project.save()
        with django_capture_on_commit_callbacks(execute=True):
            result = project_services.send_deadline_reminders(today=date(2026, 6, 1))
        assert result.projects == 1
        assert set(Notification.objects.values_list("recipient", flat=True)) == {
            ppk_user.pk,
            officer.pk,
        }
        assert {m.to[0] for m in mail.outbox} == {"ppk@example.id", "disnaker@example.id"}
        project_services.send_deadline_reminders(today=date(2026, 6, 2))
        assert Notification.objects.count() == 2
        project_services.send_deadline_reminders(today=date(2026, 6, 9))
        assert Notification.objects.count() == 4

    def test_due_within_three_working_days(self, people):
        _ppk, officer, _other = people
        # SPK Monday 2026-08-03, due 2026-08-24; three working days before is 2026-08-19.
        make_project(spk_date=date(2026, 8, 3), region_id="61.71.01")
        assert project_services.send_deadline_reminders(today=date(2026, 8, 12)).projects == 0
        assert project_services.send_deadline_reminders(today=date(2026, 8, 19)).projects == 1
        notification = Notification.objects.get(recipient=officer)
        assert notification.url.startswith("/proyek/")
        assert "24/08/2026" in notification.title

    def test_reading_recipients_does_not_grow_with_projects(self, people):
        """The regency officers are read once per regency, not once per project."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def recipient_reads(count: int) -> int:
            Notification.objects.all().delete()
            for _ in range(count):
                make_project(spk_date=date(2026, 3, 2), region_id="61.71.01")
            with CaptureQueriesContext(connection) as queries:
                project_services.send_deadline_reminders(today=date(2026, 6, 1))
            reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
            return sum('"accounts_user"' in sql and "regency_officer" in sql for sql in reads)

        assert recipient_reads(1) == 1
        assert recipient_reads(4) == 1

    def test_registered_projects_are_left_alone(self, people):
        project = make_project(spk_date=date(2026, 3, 2))
        project.registered_on = date(2026, 3, 5)
        project.save()
        assert project_services.send_deadline_reminders(today=date(2026, 6, 1)).projects == 0


class TestInbox:
    def test_unread_count_in_the_menu_and_mark_all_read(self, client, people):
        _ppk_user, officer, _sambas_officer = people
        make_project(spk_date=date(2026, 3, 2), region_id="61.71.01")
        project_services.send_deadline_reminders(today=date(2026, 6, 1))
        client.force_login(officer)
        html = client.get("/").content.decode()
        assert 'class="nav-badge">1<' in html
        inbox = client.get("/notifikasi/")
        assert "/proyek/" in inbox.content.decode()
        client.post("/notifikasi/baca-semua/")
        assert 'class="nav-badge"' not in client.get("/").content.decode()


class TestRemindCommand:
    def test_reminds_for_the_given_date_and_reports_counts(self, people):
        from io import StringIO

        from django.core.management import call_command

        make_project(spk_date=date(2026, 3, 2), region_id="61.71.01")
        out = StringIO()

        call_command("remind_deadlines", "--date", "2026-06-01", stdout=out)

        assert out.getvalue().strip() == "Reminders: 1 projects, 1 notifications."

    def test_a_bad_date_exits_2(self):
        from django.core.management import call_command
        from django.core.management.base import CommandError

        with pytest.raises(CommandError) as caught:
            call_command("remind_deadlines", "--date", "01/06/2026")

        assert caught.value.returncode == 2
