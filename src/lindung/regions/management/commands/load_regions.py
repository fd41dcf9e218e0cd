"""``lindung load_regions``: load the packaged Kalbar regions (idempotent)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lindung.core.errors import LindungError
from lindung.regions import services as region_services


class Command(BaseCommand):
    help = (
        "Load West Kalimantan's province, 14 regencies, 174 districts and 2,145 villages with "
        "their boundaries from the data packaged with Lindung. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["json"]:
                result = region_services.load_regions(actor=None)
            else:
                with Progress(transient=True) as bar:
                    step = bar.add_task("Regions", total=None)

                    def progress(done: int, total: int, message: str) -> None:
                        bar.update(step, completed=done, total=total, description=message)

                    result = region_services.load_regions(actor=None, progress=progress)
        except LindungError as exc:
            details = "; ".join(f"{'/'.join(map(str, e.loc))}: {e.msg}" for e in exc.errors[:20])
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        levels = ", ".join(f"{n} {level}" for level, n in result.by_level.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {levels}. Created {result.created}, updated {result.updated}, "
                f"unchanged {result.unchanged}."
            )
        )
