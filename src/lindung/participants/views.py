"""Participant snapshot pages: list, upload with progress, counts, search, reveal (R3)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.errors import LindungError
from lindung.core.views import apply_errors
from lindung.participants import extract
from lindung.participants import selectors as participant_selectors
from lindung.participants import services as participant_services
from lindung.participants.errors import ParticipantActionNotAllowed
from lindung.participants.forms import ParticipantSearchForm, SnapshotUploadForm
from lindung.participants.tasks import load_snapshot_task

PAGE_SIZE = 50


def _reader(request: HttpRequest) -> User:
    actor = _actor(request)
    if not (has_perm(actor, Perm.READ_PARTICIPANTS) or participant_services.can_load(actor)):
        raise ParticipantActionNotAllowed()
    return actor


@login_required
def snapshot_list(request: HttpRequest) -> HttpResponse:
    """List the snapshots with their counts and changes; the upload for those who load."""
    actor = _reader(request)
    return render(
        request,
        "participants/list.html",
        {
            "snapshots": participant_selectors.snapshots(actor=actor)[:100],
            "can_load": participant_services.can_load(actor),
        },
    )


@login_required
def snapshot_upload(request: HttpRequest) -> HttpResponse:
    """Upload an extract; its load runs as a job whose progress the snapshot page shows."""
    actor = _actor(request)
    if not participant_services.can_load(actor):
        raise ParticipantActionNotAllowed()
    form = SnapshotUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            snapshot = participant_services.start_snapshot_load(
                actor=actor,
                file_name=upload.name or "extract.csv",
                upload=upload,
                size=upload.size or 0,
                extract_date=form.cleaned_data["extract_date"],
                label=form.cleaned_data["label"],
                task=load_snapshot_task,
            )
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
        else:
            return redirect("participants:detail", snapshot_id=snapshot.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "participants/upload.html", {"form": form}, status=status)


@login_required
def snapshot_detail(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    """Show a snapshot: load progress, counts by regency and segment in scope, search."""
    actor = _reader(request)
    snapshot = participant_selectors.access_snapshot(actor=actor, snapshot_id=snapshot_id)
    if request.htmx and not snapshot.is_loaded:  # type: ignore[attr-defined]
        return render(request, "participants/_status.html", {"snapshot": snapshot})
    summary = participant_selectors.snapshot_summary(actor=actor, snapshot=snapshot)
    form = ParticipantSearchForm(request.GET or None)
    page = None
    if snapshot.is_loaded and form.is_valid() and form.cleaned_data["q"]:
        found = participant_selectors.search_participants(
            actor=actor, snapshot=snapshot, query=form.cleaned_data["q"]
        )
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/detail.html",
        {
            "snapshot": snapshot,
            "summary": summary,
            "form": form,
            "page": page,
            "can_load": participant_services.can_load(actor),
            "can_read_rows": participant_selectors.can_read_participants(actor),
            "can_reveal": has_perm(actor, Perm.REVEAL_PERSONAL_DATA),
        },
    )


@require_POST
@login_required
def participant_reveal(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Reveal one participant's personal data (audited) as an htmx fragment."""
    participant = participant_services.reveal_participant(
        actor=_actor(request), participant_id=participant_id
    )
    return render(request, "participants/_revealed.html", {"p": participant})


@login_required
def quarantine_download(request: HttpRequest, snapshot_id: int) -> FileResponse:
    """Download a snapshot's rejected rows with their reasons (audited)."""
    snapshot, handle = participant_services.open_quarantine(
        actor=_actor(request), snapshot_id=snapshot_id
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"peserta-{snapshot.extract_date.isoformat()}-ditolak.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """Download the extract template (header and one example row)."""
    response = HttpResponse(extract.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-ekstrak-peserta.csv"'
    return response
