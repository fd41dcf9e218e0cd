"""Worker pages: list, detail with audited reveal, the cadre's registration form with instant
NIK checks, duplicate review, roster import and export (thin edges, R3).

Every read goes through ``readable_workers`` (via the selectors): out of scope answers 404.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.csv import escape_cell
from lindung.core.errors import LindungError
from lindung.core.masking import mask_birth_date, mask_identifier, mask_name
from lindung.core.views import apply_errors
from lindung.regions import selectors as region_selectors
from lindung.workers import importers
from lindung.workers import selectors as worker_selectors
from lindung.workers import services as worker_services
from lindung.workers.errors import WorkerActionNotAllowed
from lindung.workers.forms import RegistrationForm, RosterForm, WorkerFilterForm
from lindung.workers.models import SexChoice, Worker

EXPORT_COLUMNS = (
    "id", "nik", "nik_status", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "desa",
    "pekerjaan", "sektor", "segmen", "sumber",
)  # fmt: skip


def _can_decide(actor: User) -> bool:
    return actor.role in worker_services.DECIDE_ROLES


@login_required
def worker_list(request: HttpRequest) -> HttpResponse:
    """List readable workers, masked, with filters, name search and exact NIK search."""
    actor = _actor(request)
    regions = [(r.code, r.name) for r in region_selectors.list_regions(level="regency")]
    form = WorkerFilterForm(request.GET or None, regions=regions)
    workers = worker_selectors.worker_list(actor=actor, filters=form.filters())
    page = Paginator(workers, worker_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workers/list.html",
        {
            "form": form,
            "page": page,
            "can_register": actor.role in worker_services.REGISTER_ROLES,
            "can_decide": _can_decide(actor),
            "can_export_unmasked": has_perm(actor, Perm.EXPORT_PERSONAL_DATA),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Show one worker with personal data masked, project links and merge history."""
    actor = _actor(request)
    worker = worker_selectors.access_worker(actor=actor, worker_id=worker_id)
    return render(
        request,
        "workers/detail.html",
        {
            "worker": worker,
            "links": worker_selectors.worker_links(actor=actor, worker=worker),
            "merges": worker_selectors.worker_merges(actor=actor, worker=worker),
            "can_reveal": has_perm(actor, Perm.REVEAL_PERSONAL_DATA),
        },
    )


@require_POST
@login_required
def worker_reveal(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Reveal a worker's personal data (audited) as an htmx fragment."""
    worker = worker_services.reveal_worker(actor=_actor(request), worker_id=worker_id)
    return render(request, "workers/_revealed.html", {"worker": worker})


def _registration_form(request: HttpRequest, actor: User) -> RegistrationForm:
    villages = [
        (v.code, f"{v.name} ({v.parent.name if v.parent else ''})")
        for v in worker_selectors.registration_villages(actor=actor)
    ]
    projects = None
    if actor.role in worker_services.PROJECT_BOUND_ROLES:
        projects = [(p.pk, p.name) for p in worker_selectors.registration_projects(actor=actor)]
    return RegistrationForm(request.POST or None, villages=villages, projects=projects)


@login_required
def worker_register(request: HttpRequest) -> HttpResponse:
    """The phone-first registration form; the NIK is checked as it is typed (htmx)."""
    actor = _actor(request)
    if actor.role not in worker_services.REGISTER_ROLES:
        raise WorkerActionNotAllowed()
    form = _registration_form(request, actor)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker = worker_services.register_worker(
                actor=actor,
                data=worker_services.WorkerInput(
                    name=data["name"],
                    region_code=data["region_code"],
                    nik=data["nik"],
                    birth_date=data["birth_date"],
                    sex=data["sex"],
                    phone=data["phone"],
                    occupation=data["occupation"],
                    sector=data["sector"],
                    segment=data["segment"],
                ),
                project_id=data.get("project_id"),
                project_role=data.get("project_role") or "",
            )
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
        else:
            messages.success(request, _("The worker was registered."))
            return redirect("workers:detail", worker_id=worker.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "workers/register.html", {"form": form}, status=status)


@require_POST
@login_required
def nik_check(request: HttpRequest) -> HttpResponse:
    """Check a NIK as it is typed and answer with the result fragment (htmx)."""
    _actor(request)
    raw = request.POST.get("nik", "")[:40]
    result = worker_services.assess_nik(
        raw, today=timezone.localdate(), known_regions=worker_services.known_region_codes()
    )
    sex = SexChoice(result.sex).label if result.sex else ""
    return render(
        request, "workers/_nik_check.html", {"result": result, "raw": raw.strip(), "sex": sex}
    )


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """List the pending duplicate proposals the actor may decide; scan on POST."""
    actor = _actor(request)
    if not _can_decide(actor):
        raise WorkerActionNotAllowed()
    if request.method == "POST":
        found = worker_services.find_duplicate_candidates(actor=actor)
        messages.success(request, _("%(count)s new duplicate proposals.") % {"count": found})
        return redirect("workers:duplicates")
    candidates = worker_selectors.pending_candidates(actor=actor)
    page = Paginator(candidates, worker_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workers/duplicates.html", {"page": page})


def _pair_rows(a: Worker, b: Worker, *, revealed: bool) -> list[tuple[str, str, str, bool]]:
    def show(worker: Worker) -> dict[str, str]:
        return {
            "nik": worker.nik if revealed else mask_identifier(worker.nik),
            "name": worker.name if revealed else mask_name(worker.name),
            "birth": str(worker.birth_date or "")
            if revealed
            else mask_birth_date(worker.birth_date),
        }

    left, right = show(a), show(b)
    rows = [
        (_("NIK"), left["nik"] or "-", right["nik"] or "-", a.nik == b.nik),
        (_("Name"), left["name"], right["name"], a.name_key == b.name_key),
        (
            _("Birth date"),
            left["birth"] or "-",
            right["birth"] or "-",
            a.birth_date == b.birth_date,
        ),
        (_("Sex"), a.get_sex_display() or "-", b.get_sex_display() or "-", a.sex == b.sex),
        (_("Domicile village"), a.region.name, b.region.name, a.region_id == b.region_id),
        (_("Occupation"), a.occupation or "-", b.occupation or "-", a.occupation == b.occupation),
        (_("Source"), a.get_source_display(), b.get_source_display(), a.source == b.source),
    ]
    return [(str(label), left_v, right_v, same) for label, left_v, right_v, same in rows]


@login_required
def duplicate_review(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Show a proposed pair side by side (masked) with merge and reject buttons."""
    actor = _actor(request)
    if not _can_decide(actor):
        raise WorkerActionNotAllowed()
    candidate = worker_selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    return render(
        request,
        "workers/duplicate.html",
        {
            "candidate": candidate,
            "rows": _pair_rows(candidate.worker_a, candidate.worker_b, revealed=False),
            "can_reveal": has_perm(actor, Perm.REVEAL_PERSONAL_DATA),
        },
    )


@require_POST
@login_required
def duplicate_reveal(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Reveal both records of a proposal (both audited) as an htmx fragment."""
    candidate = worker_services.reveal_candidate(actor=_actor(request), candidate_id=candidate_id)
    return render(
        request,
        "workers/_pair.html",
        {
            "candidate": candidate,
            "rows": _pair_rows(candidate.worker_a, candidate.worker_b, revealed=True),
        },
    )


@require_POST
@login_required
def duplicate_decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Merge a proposed pair (keeping the chosen record) or reject it."""
    actor = _actor(request)
    candidate = worker_selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    decision = request.POST.get("decision", "")
    pair = {"keep_a": (candidate.worker_a_id, candidate.worker_b_id),
            "keep_b": (candidate.worker_b_id, candidate.worker_a_id)}  # fmt: skip
    try:
        if decision in pair:
            survivor, absorbed = pair[decision]
            worker_services.merge_workers(
                actor=actor, survivor_id=survivor, absorbed_id=absorbed, candidate_id=candidate.pk
            )
            messages.success(request, _("The records were merged."))
            return redirect("workers:detail", worker_id=survivor)
        if decision == "reject":
            worker_services.reject_candidate(actor=actor, candidate_id=candidate.pk)
            messages.success(request, _("Marked as two different people."))
            return redirect("workers:duplicates")
    except LindungError as exc:
        messages.error(request, exc.message)
        return redirect("workers:duplicate", candidate_id=candidate.pk)
    messages.error(request, _("Choose a decision."))
    return redirect("workers:duplicate", candidate_id=candidate.pk)


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload a contractor roster or cadre list; show the counts and every rejected row."""
    actor = _actor(request)
    if actor.role not in importers.IMPORT_ROLES:
        raise WorkerActionNotAllowed()
    form = RosterForm(request.POST or None, request.FILES or None)
    outcome = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = importers.import_roster(
                actor=actor,
                file_name=upload.name or "roster",
                content=upload.read(int(settings.LINDUNG_MAX_UPLOAD_BYTES) + 1),
            )
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "workers/import.html",
        {"form": form, "outcome": outcome, "columns": importers.ROSTER_COLUMNS},
        status=status,
    )


@login_required
def roster_template(request: HttpRequest) -> HttpResponse:
    """Download the roster template (CSV with one example row)."""
    response = HttpResponse(importers.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pekerja.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def worker_export(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the filtered list as CSV, masked unless an allowed user asks (audited)."""
    actor = _actor(request)
    regions = [(r.code, r.name) for r in region_selectors.list_regions(level="regency")]
    form = WorkerFilterForm(request.GET or None, regions=regions)
    workers = worker_selectors.worker_list(actor=actor, filters=form.filters())
    unmasked = request.GET.get("unmasked") == "1"
    count = workers.count()
    worker_services.record_worker_export(
        actor=actor, filters=form.filters().__dict__, rows=count, unmasked=unmasked
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[Any]:
        yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
        for w in workers.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    w.pk,
                    w.nik if unmasked else mask_identifier(w.nik),
                    w.nik_status,
                    escape_cell(w.name if unmasked else mask_name(w.name)),
                    str(w.birth_date or "") if unmasked else mask_birth_date(w.birth_date),
                    w.sex,
                    w.region_id,
                    escape_cell(w.region.name),
                    escape_cell(w.occupation),
                    w.sector,
                    w.segment,
                    w.source,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = f"pekerja-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
