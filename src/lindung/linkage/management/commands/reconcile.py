"""``lindung reconcile``: reconcile the worker registry with a participant snapshot."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.core.errors import LindungError
from lindung.linkage import services as linkage_services
from lindung.regions.selectors import PROVINCE_CODE


class Command(BaseCommand):
    help = (
        "Link the active registry workers of a region (default: the province) to the "
        "participants of a loaded snapshot and store each worker's protection status: "
        "protected, lapsed, not registered or needs review. Remembered review decisions "
        "are applied. Exit code 2: bad input (unknown or unloaded snapshot, region, "
        "thresholds) and nothing was run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--snapshot", type=int, required=True, help="Snapshot id.")
        parser.add_argument(
            "--region", default=PROVINCE_CODE, help="The province (61) or one regency code."
        )
        parser.add_argument("--accept", type=float, default=None, help="Accept threshold.")
        parser.add_argument("--review", type=float, default=None, help="Review threshold.")
        parser.add_argument("--user", default="", help="Run as this user (default: system).")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = account_selectors.find_user(username=username)
        if user is None or not user.is_active:
            raise CommandError(f"No active user {username!r}.", returncode=2)
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        kwargs: dict[str, Any] = {
            "actor": self._actor(options["user"]),
            "snapshot_id": options["snapshot"],
            "region_code": options["region"],
            "accept": options["accept"],
            "review": options["review"],
        }
        try:
            if options["json"]:
                run = linkage_services.reconcile(**kwargs)
            else:
                with Progress(transient=True) as bar:
                    step = bar.add_task("Reconciliation", total=None)

                    def progress(done: int, total: int, message: str) -> None:
                        bar.update(step, completed=done, total=total, description=message)

                    run = linkage_services.reconcile(**kwargs, progress=progress)
        except LindungError as exc:
            details = "; ".join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in exc.errors)
            message = f"{exc.message} {details}".strip()
            raise CommandError(message, returncode=2) from exc
        summary = linkage_services.run_summary(run)
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk}: {summary['workers']} workers; protected {summary['covered']}, "
                f"lapsed {summary['lapsed']}, not registered {summary['not_registered']}, "
                f"needs review {summary['review']}."
            )
        )
