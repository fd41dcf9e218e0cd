"""``lindung report inpres --year 2026 --semester 2 [--region 61.71] --out DIR``.

Writes the semi-annual Inpres 2/2021 report (PDF and XLSX, the same figures as the web page's
reports) into DIR. Without ``--user`` it reads as the province (server access; audited as
"system").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.core.errors import LindungError
from lindung.reports import services as report_services


class Command(BaseCommand):
    help = "Generate reports. `report inpres`: the semi-annual Inpres 2/2021 report (PDF, XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        inpres = sub.add_parser(
            "inpres", help="The semi-annual Inpres 2/2021 report for the province or a regency."
        )
        inpres.add_argument("--year", type=int, required=True)
        inpres.add_argument("--semester", type=int, choices=[1, 2], required=True)
        inpres.add_argument("--region", default="61", help="61 (province) or a regency, 61.71.")
        inpres.add_argument("--language", choices=["id", "en"], default="id")
        inpres.add_argument("--out", type=Path, required=True, help="Directory for the files.")
        inpres.add_argument("--user", default="", help="Read as this user (default: province).")

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = account_selectors.find_user(username=username)
        if user is None or not user.is_active:
            raise CommandError(f"No active user {username!r}.", returncode=2)
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["user"])
        try:
            with Progress(transient=True) as bar:
                step = bar.add_task("Report", total=None)

                def progress(done: int, total: int, message: str = "") -> None:
                    bar.update(step, completed=done, total=total, description=message)

                result = report_services.export_report(
                    actor=actor,
                    region_code=options["region"],
                    year=options["year"],
                    semester=options["semester"],
                    language=options["language"],
                    out_dir=options["out"],
                    progress=progress,
                )
        except LindungError as exc:
            problems = "; ".join(e.msg for e in exc.errors) or exc.message
            raise CommandError(problems, returncode=2) from exc
        if result.charts_error:
            self.stderr.write(result.charts_error)
        for path in result.paths:
            self.stdout.write(str(path))
