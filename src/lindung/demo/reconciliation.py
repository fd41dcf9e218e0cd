"""The demo reconciliation: the registry against the latest loaded BPJS snapshot.

Runs through the real service (the same as the page and ``lindung reconcile``) as the demo
analyst, so the worker pages show a protection status, the review queue has work and
coverage has its registry feed. Idempotent: when a finished province-wide run of the latest
snapshot exists, nothing is done. Call it outside any ``atomic`` block, after the demo
users, workers and snapshots.
"""

from __future__ import annotations

from django.utils import timezone

from lindung.accounts import selectors as account_selectors
from lindung.core.errors import LindungError
from lindung.demo.output import Writer
from lindung.linkage import selectors as linkage_selectors
from lindung.linkage import services as linkage_services
from lindung.participants import selectors as participant_selectors
from lindung.regions.selectors import PROVINCE_CODE

ANALYST = "analis"


def run_demo_reconciliation(*, stdout: Writer | None = None) -> int:
    """Reconcile the whole province with the latest snapshot; return the workers reconciled."""

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    snapshot = participant_selectors.latest_snapshot()
    if snapshot is None:
        say("Demo reconciliation skipped: load the demo BPJS snapshots first.")
        return 0
    latest = linkage_selectors.latest_finished_run(region_code=PROVINCE_CODE)
    if latest is not None and latest.snapshot_id == snapshot.pk:
        say(f"Demo reconciliation already there (run {latest.pk}).")
        return 0
    analyst = account_selectors.find_user(username=ANALYST)
    started = timezone.now()
    try:
        run = linkage_services.reconcile(
            actor=analyst, snapshot_id=snapshot.pk, region_code=PROVINCE_CODE
        )
    except LindungError as exc:
        say(f"Demo reconciliation skipped: {exc.message} {exc.errors}")
        return 0
    seconds = (timezone.now() - started).total_seconds()
    say(
        f"Demo reconciliation (run {run.pk}, BPJS data of {snapshot.extract_date}): "
        f"{run.worker_count} workers; protected {run.covered_count}, lapsed "
        f"{run.lapsed_count}, not registered {run.not_registered_count}, needs review "
        f"{run.review_count}; {seconds:.1f} s."
    )
    return run.worker_count
