"""Job list and a progress panel that htmx polls until the job finishes."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.jobs import selectors as job_selectors


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """List the jobs the actor may see."""
    jobs = job_selectors.readable_jobs(actor=_actor(request))
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """Show a job; htmx requests get only the progress panel."""
    job = job_selectors.access_job(actor=_actor(request), job_id=job_id)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})
