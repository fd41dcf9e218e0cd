"""``lindung demo load``: load the reproducible demo data set (idempotent)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lindung.core.errors import LindungError
from lindung.demo import services as demo_services


class Command(BaseCommand):
    help = (
        "Demo data. 'load' creates demo users for every role, the official coverage figures, "
        "projects, registry workers, two BPJS snapshots, a reconciliation, outreach and claims."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "credentials"])
        parser.add_argument(
            "--credentials-file",
            default=str(Path(settings.VAR_DIR) / "demo-credentials.txt"),
            help="Where new demo passwords are kept (mode 0600) so they can be shown again.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=200_000,
            help="How many demo registry workers to create across the 14 regencies.",
        )
        parser.add_argument(
            "--participant-scale",
            type=float,
            default=1.0,
            help=(
                "Size of the demo BPJS extracts relative to the official Kalbar figures "
                "(1.0: 575,504 protected participants, 42,591 of them in construction)."
            ),
        )
        parser.add_argument(
            "--projects-per-regency",
            type=int,
            default=30,
            help="How many demo construction projects to create in each of the 14 regencies.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["credentials_file"])
        if options["action"] == "load":
            try:
                created = demo_services.ensure_demo_users()
            except LindungError as exc:
                raise CommandError(
                    f"{exc.message} Run 'lindung load_regions' before 'lindung demo load'."
                ) from exc
            if created:
                known = _read_credentials(path)
                known.update(created)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch(mode=0o600, exist_ok=True)
                os.chmod(path, 0o600)
                path.write_text(
                    "".join(f"{user}\t{password}\n" for user, password in known.items()),
                    encoding="utf-8",
                )
            self.stdout.write(self.style.SUCCESS(f"Demo users created: {len(created)}"))
            demo_services.load_official_figures()
            projects = demo_services.load_demo_projects(
                today=timezone.localdate(), per_regency=options["projects_per_regency"]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo projects created: {projects.created}, "
                    f"already there: {projects.unchanged}"
                )
            )
            workers = demo_services.load_demo_workers(
                today=timezone.localdate(), count=options["workers"]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo workers created: {workers.created}, already there: "
                    f"{workers.unchanged}, project links: {workers.links}, "
                    f"duplicate proposals: {workers.proposals}"
                )
            )
            snapshots = demo_services.load_demo_snapshots(
                report=self.stdout.write, scale=options["participant_scale"]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo BPJS snapshots loaded: {len(snapshots.loaded)}, "
                    f"already there: {len(snapshots.skipped)}"
                )
            )
            demo_services.run_demo_reconciliation(stdout=self.stdout)
            demo_services.load_demo_outreach(stdout=self.stdout)
            demo_services.load_demo_claims(stdout=self.stdout)
            return
        if not path.exists():
            raise CommandError(f"No demo credentials at {path}; run 'lindung demo load' first.")
        self.stdout.write("Demo users (username / password):")
        for username, password in _read_credentials(path).items():
            self.stdout.write(f"  {username:<12} {password}")


def _read_credentials(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.partition("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {user: password for user, _sep, password in pairs if user}
