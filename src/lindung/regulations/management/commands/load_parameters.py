"""``lindung load_parameters``: load the packaged regulation parameters (idempotent)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.core.errors import LindungError
from lindung.regulations import services as regulation_services


class Command(BaseCommand):
    help = (
        "Add the parameter versions shipped with Lindung (rates, tiers, caps, benefits, UMP/UMK) "
        "to the database. Versions already stored are never overwritten. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = regulation_services.load_packaged_parameters(actor=None)
        except LindungError as exc:
            details = "; ".join(f"{'/'.join(map(str, e.loc))}: {e.msg}" for e in exc.errors[:20])
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Parameters {result.version}: created {result.created}, closed {result.closed}, "
                f"unchanged {result.unchanged}."
            )
        )
        for conflict in result.conflicts:
            self.stdout.write(
                self.style.WARNING(f"Stored version differs from the data file, kept: {conflict}")
            )
