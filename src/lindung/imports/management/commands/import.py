"""``lindung import projects|bpjs FILE``: import projects or BPJS registrations and payments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.core.errors import LindungError
from lindung.imports import services as import_services
from lindung.imports.errors import FileRefused


class Command(BaseCommand):
    help = (
        "Import construction projects (projects) or BPJS registrations and payments (bpjs) "
        "from a CSV or XLSX file. Valid rows are committed together; rejected rows go to a "
        "quarantine CSV. Re-importing the same file changes nothing. Exit code 2: the file "
        "was refused as a whole and nothing was written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["projects", "bpjs"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--user", default="", help="Import as this user (default: system).")

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = account_selectors.find_user(username=username)
        if user is None or not user.is_active:
            raise CommandError(f"No active user {username!r}.", returncode=2)
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["user"])
        kwargs: dict[str, Any] = {
            "actor": actor,
            "kind": options["kind"],
            "path": options["file"],
            "dry_run": options["dry_run"],
        }
        try:
            if options["json"]:
                outcome = import_services.import_file(**kwargs)
            else:
                with Progress(transient=True) as bar:
                    step = bar.add_task("Import", total=None)

                    def progress(done: int, total: int, message: str) -> None:
                        bar.update(step, completed=done, total=total, description=message)

                    outcome = import_services.import_file(**kwargs, progress=progress)
        except FileRefused as exc:
            raise CommandError(
                f"File refused, nothing written: {exc.message}", returncode=2
            ) from exc
        except LindungError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict()))
            return
        prefix = "Dry run: would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}: created {outcome.created}, updated {outcome.updated}, "
                f"unchanged {outcome.unchanged}, rejected {outcome.rejected}."
            )
        )
        if outcome.quarantine_file:
            self.stdout.write(f"Rejected rows: {outcome.quarantine_file}")
