"""``lindung remind_deadlines``: the daily reminder of Jakon registration deadlines.

Run it once a day (cron or a systemd timer), e.g. ``0 7 * * * lindung remind_deadlines``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lindung.projects import services as project_services


class Command(BaseCommand):
    help = (
        "Notify PPKs, agencies, contractors and regency officers of Jakon registrations due "
        "within 3 working days and of overdue ones (in the app and by email)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Judge deadlines on this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD.", returncode=2) from exc
        result = project_services.send_deadline_reminders(today=today)
        self.stdout.write(
            f"Reminders: {result.projects} projects, {result.notifications} notifications."
        )
