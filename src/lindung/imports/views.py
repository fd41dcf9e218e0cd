"""Upload page, batch page with the job's progress, template and quarantine downloads (R3)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.errors import LindungError
from lindung.core.views import apply_errors
from lindung.imports import selectors as import_selectors
from lindung.imports import services as import_services
from lindung.imports.errors import ImportBatchNotFound
from lindung.imports.forms import UploadForm
from lindung.imports.models import ImportKind
from lindung.imports.tasks import import_batch_task


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Show the upload form, the templates and recent imports; start an import on POST."""
    actor = _actor(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = import_services.start_import(
                actor=actor,
                kind=form.cleaned_data["kind"],
                file_name=upload_file.name or "upload",
                upload=upload_file,
                size=upload_file.size or 0,
                task=import_batch_task,
                check_only=form.cleaned_data["check_only"],
            )
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
        else:
            return redirect("imports:detail", batch_id=batch.pk)
    elif request.method == "POST":
        status = 422
    batches = import_selectors.readable_batches(actor=actor)[:20]
    kinds = [
        (kind, label)
        for kind, label in ImportKind.choices
        if import_services.can_import(actor, kind)
    ]
    return render(
        request,
        "imports/upload.html",
        {"form": form, "batches": batches, "kinds": kinds},
        status=status,
    )


@login_required
def batch_detail(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """Show a batch; htmx requests get only its panel, polled until it finishes."""
    batch = import_selectors.access_batch(actor=_actor(request), batch_id=batch_id)
    template = "imports/_batch.html" if request.htmx else "imports/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"batch": batch, "job": batch.job})


@require_POST
@login_required
def batch_confirm(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """Import a file its uploader checked first."""
    try:
        import_services.confirm_import(
            actor=_actor(request), batch_id=batch_id, task=import_batch_task
        )
    except ImportBatchNotFound:
        raise Http404 from None
    except LindungError as exc:
        messages.error(request, exc.message)
    return redirect("imports:detail", batch_id=batch_id)


@login_required
def quarantine_download(request: HttpRequest, batch_id: uuid.UUID) -> FileResponse:
    """Download the batch's quarantine CSV (rejected rows with their reasons)."""
    batch = import_selectors.access_batch(actor=_actor(request), batch_id=batch_id)
    if not batch.quarantine:
        raise Http404
    return FileResponse(
        batch.quarantine.open("rb"),
        as_attachment=True,
        filename=f"karantina-{batch.kind}-{batch.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Download the import template as CSV or XLSX."""
    if kind not in ImportKind.values or fmt not in {"csv", "xlsx"}:
        raise Http404
    name = f"templat-impor-{kind}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            import_services.template_csv(kind), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            import_services.template_xlsx(kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
