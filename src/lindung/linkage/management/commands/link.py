"""``lindung link``: link a left file (a roster) to a right file (a registry)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lindung.linkage.engine import link as engine

FIELD_HELP = ", ".join(engine.FIELDS)


class Command(BaseCommand):
    help = (
        "Link the rows of LEFT to at most one row of RIGHT each: exact NIK, NIK one edit "
        "away with an agreeing name, then blocked fuzzy matching with weights estimated "
        f"from the data. FIELD is one of {FIELD_HELP}; FIELD=a+b joins columns. "
        "Exit code 2: bad input (unreadable file, missing column, unknown field)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--left", type=Path, required=True)
        parser.add_argument("--right", type=Path, required=True)
        parser.add_argument("--left-id", required=True)
        parser.add_argument("--right-id", required=True)
        parser.add_argument("--map", default="", help="FIELD=COL[+COL][,...] for both files")
        parser.add_argument("--left-map", default="", help="overrides --map for the left file")
        parser.add_argument("--right-map", default="", help="overrides --map for the right file")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--review-out", type=Path, default=None)
        parser.add_argument("--accept", type=float, default=engine.DEFAULT_ACCEPT)
        parser.add_argument("--review", type=float, default=engine.DEFAULT_REVIEW)
        parser.add_argument("--threads", type=int, default=None, help="DuckDB threads")
        parser.add_argument("--memory-limit", default=None, help='DuckDB memory limit, e.g. "4GB"')
        parser.add_argument("--json", action="store_true", help="Print a JSON summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            shared = engine.parse_map(options["map"])
            left_map = {**shared, **engine.parse_map(options["left_map"])}
            right_map = {**shared, **engine.parse_map(options["right_map"])}
            if not left_map or not right_map:
                raise engine.LinkInputError("Map at least one FIELD=COLUMN (--map).")
            link_options = engine.LinkOptions(
                accept=options["accept"],
                review=options["review"],
                threads=options["threads"],
                memory_limit=options["memory_limit"],
            )
            kwargs: dict[str, Any] = {
                "left_id": options["left_id"],
                "right_id": options["right_id"],
                "left_map": left_map,
                "right_map": right_map,
                "options": link_options,
            }
            if options["json"]:
                result = engine.link_files(options["left"], options["right"], **kwargs)
            else:
                with Progress(transient=True) as bar:
                    task = bar.add_task("Linking", total=None)

                    def progress(step: str, done: int, total: int) -> None:
                        bar.update(task, completed=done, total=total, description=step)

                    result = engine.link_files(
                        options["left"], options["right"], progress=progress, **kwargs
                    )
            engine.write_results(result, options["out"], options["review_out"])
        except engine.LinkInputError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except OSError as exc:
            raise CommandError(f"Cannot write the output: {exc}", returncode=2) from exc
        summary = result.summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        kinds = ", ".join(f"{k} {v}" for k, v in summary["by_match_type"].items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Linked {summary['links']} of {summary['left_rows']} left rows "
                f"({kinds}); {summary['review']} to review; {summary['seconds']} s."
            )
        )
