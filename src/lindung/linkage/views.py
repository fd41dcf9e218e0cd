"""Reconciliation pages: runs with progress, worker statuses, the review queue, a worker's
protection fragment and the public self-check (thin edges, R3).

Every read goes through ``linkage.selectors`` (scoped); personal data is masked unless a
reveal is recorded in the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lindung.accounts.models import User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES, Perm, has_perm
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core import exports
from lindung.core.errors import LindungError
from lindung.core.i18n import display_date
from lindung.core.masking import mask_birth_date, mask_identifier, mask_name
from lindung.core.middleware import client_ip
from lindung.core.views import apply_errors
from lindung.jobs import selectors as job_selectors
from lindung.jobs.errors import JobNotFound
from lindung.linkage import explanations
from lindung.linkage import selectors as linkage_selectors
from lindung.linkage import services as linkage_services
from lindung.linkage.errors import ReconcileNotAllowed, SelfCheckLimited
from lindung.linkage.forms import SelfCheckForm, StartRunForm, StatusFilterForm
from lindung.linkage.models import ReconciliationRun, ReviewCandidate
from lindung.linkage.tasks import reconcile_task
from lindung.regions import selectors as region_selectors
from lindung.regions.errors import RegionNotFound
from lindung.regions.models import RegionLevel, is_within
from lindung.workers import selectors as worker_selectors
from lindung.workers.models import Sector, SexChoice


def _reader(request: HttpRequest) -> User:
    actor = _actor(request)
    if not linkage_selectors.can_read_runs(actor):
        raise ReconcileNotAllowed()
    return actor


def _regencies(actor: User) -> list[tuple[str, str]]:
    regencies = region_selectors.list_regions(level=RegionLevel.REGENCY)
    return [(r.code, r.name) for r in regencies if is_within(r.code, actor.region_code)]


def _start_form(actor: User, data: Any = None) -> StartRunForm:
    snapshots = [
        (s.pk, f"{s.extract_date:%d/%m/%Y} · {s.label or s.original_name} ({s.row_count:,})")
        for s in linkage_selectors.reconcilable_snapshots()[:24]
    ]
    province = region_selectors.get_region(code=region_selectors.PROVINCE_CODE)
    regions = _regencies(actor)
    if actor.role in PROVINCE_WIDE_ROLES:
        regions = [(province.code, _("%(name)s (whole province)") % {"name": province.name})]
        regions += _regencies(actor)
    accept, review = linkage_services.default_thresholds()
    initial = {"accept": accept, "review": review, "region": regions[0][0] if regions else ""}
    return StartRunForm(data, snapshots=snapshots, regions=regions, initial=initial)


def _run_list(request: HttpRequest, form: StartRunForm | None, status: int = 200) -> HttpResponse:
    actor = _reader(request)
    runs = linkage_selectors.readable_runs(actor=actor)
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(request, "linkage/run_list.html", {"page": page, "form": form}, status=status)


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    """List the readable runs; RECONCILE roles also see the form that starts one."""
    actor = _reader(request)
    form = _start_form(actor) if linkage_selectors.can_reconcile(actor) else None
    return _run_list(request, form)


@require_POST
@login_required
def run_start(request: HttpRequest) -> HttpResponse:
    """Start a reconciliation as a background job and show its page with the progress."""
    actor = _actor(request)
    if not linkage_selectors.can_reconcile(actor):
        raise ReconcileNotAllowed()
    form = _start_form(actor, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = linkage_services.start_reconciliation(
                actor=actor,
                snapshot_id=data["snapshot"],
                region_code=data["region"],
                accept=data["accept"],
                review=data["review"],
                task=reconcile_task,
            )
        except LindungError as exc:
            apply_errors(form, exc)
            return _run_list(request, form, status=exc.http_status)
        messages.success(request, _("The reconciliation started."))
        return redirect("linkage:run_detail", run_id=run.pk)
    return _run_list(request, form, status=422)


def _model_rows(run: ReconciliationRun) -> list[dict[str, Any]]:
    comparisons = run.model_parameters.get("comparisons", {})
    return [
        {
            "field": explanations.field_label(name),
            "level": explanations.level_label(name, i),
            "m": level["m"],
            "u": level["u"],
            "weight": level["weight"],
        }
        for name, levels in comparisons.items()
        for i, level in enumerate(levels)
    ]


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """Show a run: its progress while it runs, then counts, coverage and the model."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    names = dict(_regencies(actor)) | {run.region_id: run.region.name}
    sectors = dict(Sector.choices)

    def coverage(by_sector: bool) -> list[dict[str, Any]]:
        return [
            {
                "row": row,
                "name": names.get(row.regency_code, row.regency_code),
                "sector": sectors.get(row.sector, row.sector),
            }
            for row in linkage_selectors.scoped_coverage(actor=actor, run=run, by_sector=by_sector)
        ]

    job = None
    if run.job_id is not None and not run.is_finished:
        try:
            job = job_selectors.access_job(actor=actor, job_id=run.job_id)
        except JobNotFound:
            job = None  # someone else's job: the page still refreshes when the run stops
    return render(
        request,
        "linkage/run_detail.html",
        {
            "run": run,
            "job": job,
            "counts": linkage_selectors.run_counts(actor=actor, run=run),
            "coverage": coverage(by_sector=False),
            "coverage_by_sector": coverage(by_sector=True),
            "model_rows": _model_rows(run),
            "prior": run.model_parameters.get("prior"),
            "can_reconcile": linkage_selectors.can_reconcile(actor),
        },
    )


@require_GET
@login_required
def run_state(request: HttpRequest, run_id: int) -> HttpResponse:
    """Answer the page's poll: nothing while the run works, a page refresh once it stops."""
    run = linkage_selectors.access_run(actor=_reader(request), run_id=run_id)
    if not run.is_finished:
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


@login_required
def run_workers(request: HttpRequest, run_id: int) -> HttpResponse:
    """List a run's worker statuses (masked), filtered by status and regency."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    form = StatusFilterForm(request.GET or None, regions=_regencies(actor))
    statuses = linkage_selectors.run_statuses(
        actor=actor, run=run, status=form.value("status"), region_code=form.value("region")
    )
    page = Paginator(statuses, linkage_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/run_workers.html",
        {
            "run": run,
            "form": form,
            "page": page,
            "can_export_unmasked": has_perm(actor, Perm.EXPORT_PERSONAL_DATA),
        },
    )


@login_required
def review_queue(request: HttpRequest, run_id: int) -> HttpResponse:
    """List a run's pairs waiting for a decision, most likely first (masked)."""
    actor = _reader(request)
    run = linkage_selectors.access_run(actor=actor, run_id=run_id)
    pairs = linkage_selectors.review_queue(actor=actor, run=run)
    page = Paginator(pairs, linkage_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "linkage/review_queue.html", {"run": run, "page": page})


def _region_name(code: str) -> str:
    if not code:
        return ""
    try:
        return region_selectors.get_region(code=code).name
    except RegionNotFound:
        return code


def _pair_rows(candidate: ReviewCandidate, *, revealed: bool) -> list[dict[str, Any]]:
    worker, participant = candidate.status.worker, candidate.participant
    agreement = explanations.agreement_of(candidate.explanation)

    def shown(value: Any, mask: Any) -> str:
        if value in (None, ""):
            return "-"
        return str(value) if revealed else mask(value)

    def sex(value: str) -> str:
        return str(SexChoice(value).label) if value in SexChoice.values else "-"

    def row(field: str, label: str, left: str, right: str) -> dict[str, Any]:
        found = agreement.get(field)
        return {
            "label": label,
            "worker": left,
            "participant": right,
            "agreement": found["agreement"] if found else "",
            "level": explanations.level_label(field, found["level"]) if found else "",
            "weight": found["weight"] if found else None,
            "implied": bool(found and found["implied"]),
        }

    def birth(value: date | None) -> str:
        if value is None:
            return "-"
        return display_date(value) if revealed else mask_birth_date(value)

    return [
        row(
            "nik",
            _("NIK"),
            shown(worker.nik, mask_identifier),
            shown(participant.nik, mask_identifier),
        ),
        row("name", _("Name"), shown(worker.name, mask_name), shown(participant.name, mask_name)),
        row("birth_date", _("Birth date"), birth(worker.birth_date), birth(participant.birth_date)),
        row("sex", _("Sex"), sex(worker.sex), sex(participant.sex)),
        row(
            "region",
            _("Region"),
            f"{worker.region.name} ({worker.region_id})",
            f"{_region_name(participant.region_code)} ({participant.region_code or '-'})",
        ),
    ]


def _pair_context(candidate: ReviewCandidate, *, revealed: bool) -> dict[str, Any]:
    participant = candidate.participant
    return {
        "candidate": candidate,
        "rows": _pair_rows(candidate, revealed=revealed),
        "kpj": participant.kpj if revealed else mask_identifier(participant.kpj, keep_end=3),
        "revealed": revealed,
    }


@login_required
def review_pair(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Show a pair side by side (masked) with each field's agreement, and the decision form."""
    actor = _reader(request)
    candidate = linkage_selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    context = _pair_context(candidate, revealed=False) | {
        "run": candidate.status.run,
        "others": linkage_selectors.status_candidates(status=candidate.status).exclude(
            pk=candidate.pk
        ),
        "can_decide": linkage_selectors.can_reconcile(actor),
        "can_reveal": has_perm(actor, Perm.REVEAL_PERSONAL_DATA),
    }
    return render(request, "linkage/review_pair.html", context)


@require_POST
@login_required
def review_reveal(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Reveal both sides of a pair (both reveals audited) as an htmx fragment."""
    candidate = linkage_services.reveal_candidate(actor=_actor(request), candidate_id=candidate_id)
    return render(request, "linkage/_pair.html", _pair_context(candidate, revealed=True))


@require_POST
@login_required
def review_decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Accept or reject a pair, then go to the next pair waiting in the run's queue."""
    actor = _reader(request)
    candidate = linkage_selectors.access_candidate(actor=actor, candidate_id=candidate_id)
    decision = request.POST.get("decision", "")
    if decision not in {"accept", "reject"}:
        messages.error(request, _("Choose a decision."))
        return redirect("linkage:review_pair", candidate_id=candidate.pk)
    try:
        status = linkage_services.decide_candidate(
            actor=actor, candidate_id=candidate.pk, accept=decision == "accept"
        )
    except LindungError as exc:
        messages.error(request, exc.message)
        return redirect("linkage:review_pair", candidate_id=candidate.pk)
    messages.success(
        request,
        _("Decision saved: the worker is now %(status)s.")
        % {"status": status.get_status_display().lower()},
    )
    following = linkage_selectors.review_queue(actor=actor, run=candidate.status.run).first()
    if following is not None:
        return redirect("linkage:review_pair", candidate_id=following.pk)
    return redirect("linkage:review_queue", run_id=candidate.status.run_id)


@require_GET
@login_required
def worker_protection(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Return a readable worker's protection status as a fragment (the worker page loads it)."""
    actor = _actor(request)
    worker = worker_selectors.access_worker(actor=actor, worker_id=worker_id)
    protection = linkage_selectors.worker_protection(worker=worker)
    return render(
        request,
        "linkage/_protection.html",
        {
            "protection": protection,
            "can_open_run": protection.run_id is not None
            and linkage_selectors.can_read_runs(actor),
        },
    )


# ----------------------------------------------------------------------------- public


@never_cache
@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    """The public self-check: NIK and birth date in, protected / lapsed / not found out."""
    form = SelfCheckForm(request.POST or None)
    finding = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            finding = linkage_services.self_check(
                nik=form.cleaned_data["nik"],
                birth_date=form.cleaned_data["birth_date"],
                ip=client_ip(request),
            )
        except SelfCheckLimited as exc:
            return render(
                request, "linkage/self_check_limited.html", {"message": exc.message}, status=429
            )
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
        else:
            form = SelfCheckForm()  # never echo the NIK back on the answer page
    elif request.method == "POST":
        status = 422
    return render(
        request, "linkage/self_check.html", {"form": form, "finding": finding}, status=status
    )


@login_required
@require_GET
def run_export(request: HttpRequest, run_id: int, fmt: str) -> HttpResponseBase:
    """Download a run's worker statuses as CSV or XLSX (masked unless ``unmasked=1``)."""
    if fmt not in {f.value for f in exports.ExportFormat}:
        raise Http404
    table = linkage_services.export_run_results(
        actor=_actor(request),
        run_id=run_id,
        status=request.GET.get("status", ""),
        region_code=request.GET.get("region", ""),
        unmasked=request.GET.get("unmasked") == "1",
    )
    return exports.export_response(table, filename=f"rekonsiliasi-{run_id}", fmt=fmt)
