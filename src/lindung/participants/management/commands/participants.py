"""``lindung participants load FILE --date D``: load a BPJS participant extract as a snapshot."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.core.errors import LindungError
from lindung.participants import selectors as participant_selectors
from lindung.participants import services as participant_services


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--date {text!r} is not YYYY-MM-DD.", returncode=2) from exc


class Command(BaseCommand):
    help = (
        "Load a BPJS Ketenagakerjaan participant extract (CSV, XLSX or Parquet) as an "
        "immutable snapshot dated --date, or list the snapshots. Valid rows are written "
        "together and compared with the previous snapshot; rejected rows go to a quarantine "
        "CSV. Exit code 2: the file was refused as a whole and nothing was written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load an extract.")
        load.add_argument("file", type=Path)
        load.add_argument("--date", required=True, help="The extract's date, YYYY-MM-DD.")
        load.add_argument("--label", default="", help="A description, e.g. the sender.")
        load.add_argument("--json", action="store_true", help="Print the result as JSON.")
        load.add_argument("--user", default="", help="Load as this user (default: system).")
        sub.add_parser("list", help="List the snapshots.")

    def _actor(self, username: str) -> User | None:
        if not username:
            return None
        user = account_selectors.find_user(username=username)
        if user is None or not user.is_active:
            raise CommandError(f"No active user {username!r}.", returncode=2)
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        kwargs: dict[str, Any] = {
            "actor": self._actor(options["user"]),
            "file_name": path.name,
            "source": path,
            "extract_date": _date(options["date"]),
            "label": options["label"],
        }
        try:
            if options["json"]:
                outcome = participant_services.load_snapshot(**kwargs)
            else:
                with Progress(transient=True) as bar:
                    step = bar.add_task("Load", total=None)

                    def progress(done: int, total: int, message: str) -> None:
                        bar.update(step, completed=done, total=total, description=message)

                    outcome = participant_services.load_snapshot(**kwargs, progress=progress)
        except LindungError as exc:
            raise CommandError(f"Nothing written: {exc.message}", returncode=2) from exc
        result = outcome.as_dict()
        if outcome.quarantine_file:
            with contextlib.suppress(NotImplementedError):
                result["quarantine_file"] = default_storage.path(outcome.quarantine_file)
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        changes = outcome.snapshot.comparison.get("changes", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Snapshot {outcome.snapshot.pk} of {outcome.snapshot.extract_date}: "
                f"loaded {outcome.loaded:,}, rejected {outcome.rejected:,}."
            )
        )
        if changes:
            self.stdout.write(
                "Since the previous snapshot: "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(changes.items()))
            )
        if result["quarantine_file"]:
            self.stdout.write(f"Rejected rows: {result['quarantine_file']}")

    def _list(self) -> None:
        for snap in participant_selectors.snapshots():
            self.stdout.write(
                f"{snap.pk}\t{snap.extract_date}\t{snap.status}\t{snap.row_count}\t"
                f"{snap.rejected_count}\t{snap.original_name}"
            )
