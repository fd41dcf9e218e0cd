"""``{% job_result job as summary %}``: a job's result as its kind registered it."""

from __future__ import annotations

from django import template

from lindung.jobs.models import Job
from lindung.jobs.registry import ResultSummary, summarize

register = template.Library()


@register.simple_tag
def job_result(job: Job) -> ResultSummary:
    """Return the labelled figures and the result link of a succeeded job."""
    return summarize(job)
