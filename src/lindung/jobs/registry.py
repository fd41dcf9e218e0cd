"""How each kind of job's result reads on the generic job page.

A job's ``result`` is JSON written for programs (the command line's ``--json``, the app that
started the job): ids, storage paths, counts. The job page shows only the figures a kind
registers here, labelled in the reader's language, and a link to where the result is used
(the import batch with its quarantine file, the snapshot, the report, the download). An
unregistered kind shows its status and message only: raw keys and server paths never reach
the page. Apps register their kinds in ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from lindung.jobs.models import Job, JobStatus


@dataclass(frozen=True)
class ResultView:
    """The labelled figures of a kind of job, in display order, and its result's page."""

    figures: Mapping[str, Promise]
    # Return the URL of the result's page for a succeeded job (None when there is none).
    link: Callable[[Job], str | None] | None = None
    link_label: Promise | None = None


@dataclass(frozen=True)
class ResultSummary:
    """What the job page shows of a finished job's result."""

    figures: list[tuple[Promise, Any]] = field(default_factory=list)
    link: str | None = None
    link_label: Promise | None = None


_VIEWS: dict[str, ResultView] = {}


def register(kind: str, view: ResultView) -> None:
    """Register how jobs of ``kind`` show their result (the last registration wins)."""
    _VIEWS[kind] = view


def summarize(job: Job) -> ResultSummary:
    """Return the registered figures and link of a succeeded job; nothing otherwise."""
    view = _VIEWS.get(job.kind)
    if view is None or job.status != JobStatus.SUCCEEDED or not isinstance(job.result, dict):
        return ResultSummary()
    figures = [
        (label, job.result[key])
        for key, label in view.figures.items()
        if isinstance(job.result.get(key), int | str) and not isinstance(job.result[key], bool)
    ]
    link = view.link(job) if view.link is not None else None
    return ResultSummary(figures=figures, link=link, link_label=view.link_label if link else None)
