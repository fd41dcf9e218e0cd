"""Claim pages: list, new case, detail with timeline, checklist, benefit vs paid and step
actions, corrections, beneficiaries, stories, handovers, statistics and the public stories
page (thin edges, R3).

Every read goes through ``readable_cases`` (via the selectors): out of scope answers 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm, region_in_scope
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.claims import selectors as claim_selectors
from lindung.claims import services as claim_services
from lindung.claims import workflow
from lindung.claims.documents import document_label
from lindung.claims.errors import ClaimActionNotAllowed
from lindung.claims.forms import (
    BeneficiaryForm,
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    HandoverForm,
    StatsForm,
    StepForm,
    StoryForm,
    edit_initial,
)
from lindung.claims.models import ClaimCase, ClaimStatus
from lindung.core.errors import LindungError
from lindung.core.i18n import message_language
from lindung.core.views import apply_errors

COMPONENT_LABELS = {
    "lump_sum": gettext_lazy("Lump sum"),
    "periodic": gettext_lazy("Periodic benefit (24 months, paid at once)"),
    "funeral": gettext_lazy("Funeral costs"),
    "stmb": gettext_lazy("Wages while unable to work (STMB)"),
    "transport": gettext_lazy("Transport"),
    "beasiswa": gettext_lazy("Scholarship this year"),
}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# ----------------------------------------------------------------------------- list


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """List readable cases with filters (type, status, regency, overdue) and pages."""
    actor = _actor(request)
    today = timezone.localdate()
    regencies = [(r.code, r.name) for r in claim_selectors.regencies()]
    form = CaseFilterForm(request.GET or None, regencies=regencies)
    cases = claim_selectors.case_list(actor=actor, filters=form.filters(), today=today)
    page = Paginator(cases, claim_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    overdue = claim_selectors.overdue_for(rows, today=today)
    context = {
        "form": form,
        "page": page,
        "rows": [(case, overdue.get(case.pk)) for case in rows],
        "can_report": claim_services.can_report(actor),
        "can_manage": claim_services.can_manage(actor),
    }
    partial = _is_htmx(request) and request.headers.get("HX-Target") == "case-table"
    return render(request, "claims/_table.html" if partial else "claims/list.html", context)


# ----------------------------------------------------------------------------- new case


def _case_form(request: HttpRequest, actor: User) -> CaseForm:
    villages = [
        (v.code, f"{v.name}, {v.parent.name if v.parent else ''}")
        for v in claim_selectors.event_villages()
    ]
    projects = [(p.pk, p.name) for p in claim_selectors.claim_projects(actor=actor)]
    initial = {"reported_on": timezone.localdate(), "worker_id": request.GET.get("worker")}
    return CaseForm(request.POST or None, villages=villages, projects=projects, initial=initial)


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    """Record a new case: search the worker, the event, the reporter and benefit inputs."""
    actor = _actor(request)
    if not claim_services.can_report(actor):
        raise ClaimActionNotAllowed()
    form = _case_form(request, actor)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case = claim_services.record_case(actor=actor, data=form.to_input())
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("Case %(ref)s was recorded.") % {"ref": case.reference})
                if case.unprotected:
                    messages.warning(
                        request,
                        _(
                            "The project was not protected by BPJS Ketenagakerjaan on the "
                            "event date; the regency officers and the PPK were notified."
                        ),
                    )
                return redirect("claims:detail", case_id=case.pk)
        else:
            status = 422
    chosen = None
    worker_id = form["worker_id"].value()
    if worker_id:
        try:
            chosen = claim_selectors.access_worker(actor=actor, worker_id=worker_id)
        except LindungError:
            chosen = None
    return render(request, "claims/new.html", {"form": form, "chosen": chosen}, status=status)


@login_required
def worker_search(request: HttpRequest) -> HttpResponse:
    """Find registry workers by exact NIK or name, masked, to pick for a case (htmx)."""
    actor = _actor(request)
    query = request.GET.get("q", "")[:60]
    workers = claim_selectors.find_workers(actor=actor, query=query)
    return render(
        request, "claims/_worker_results.html", {"workers": workers, "query": query.strip()}
    )


# ----------------------------------------------------------------------------- detail


def _benefit_lines(case: ClaimCase) -> list[tuple[str, Any]]:
    detail = case.expected_detail or {}
    return [
        (str(COMPONENT_LABELS.get(c["name"], c["name"])), c["amount"])
        for c in detail.get("components", [])
    ]


def _issues(case: ClaimCase) -> list[dict[str, str]]:
    lang = message_language()
    return [
        {"level": issue.get("level", "info"), "message": issue.get("message", {}).get(lang, "")}
        for issue in case.expected_issues or []
    ]


def _detail_context(
    request: HttpRequest, actor: User, case: ClaimCase, step_form: StepForm | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    documents = claim_selectors.case_documents(case=case)
    overdue = claim_selectors.overdue_for([case], today=today).get(case.pk)
    next_steps = workflow.next_steps(case.status)
    difference = case.benefit_difference
    form = step_form or StepForm(
        initial={
            "to_status": next_steps[0] if next_steps else "",
            "on": today,
            "bpjs_claim_number": case.bpjs_claim_number,
            "amount_paid": case.expected_benefit if case.status == ClaimStatus.APPROVED else None,
        }
    )
    _restrict_steps(form, next_steps)
    beasiswa = (case.expected_detail or {}).get("children", [])
    lang = message_language()
    return {
        "case": case,
        "steps": claim_selectors.case_steps(case=case),
        "documents": [(d, document_label(d.code)) for d in documents],
        "documents_missing": sum(1 for d in documents if d.required and not d.received),
        "beneficiaries": claim_selectors.case_beneficiaries(case=case),
        "handovers": claim_selectors.case_handovers(case=case),
        "stories": claim_selectors.case_stories(case=case),
        "overdue": overdue,
        "protection": claim_services.protection_text(case),
        "benefit_lines": _benefit_lines(case),
        "benefit_issues": _issues(case),
        "beasiswa_children": [
            {
                **child,
                "reasons": [r.get("message", {}).get(lang, "") for r in child.get("reasons", [])],
            }
            for child in beasiswa
        ],
        "wage": (case.expected_detail or {}).get("wage"),
        "difference": difference,
        "difference_abs": abs(difference) if difference is not None else None,
        "step_form": form,
        "next_steps": next_steps,
        "can_manage": claim_services.can_manage(actor) and not case.is_closed,
        "can_write_story": claim_services.can_manage(actor),
        "can_reveal": has_perm(actor, Perm.REVEAL_PERSONAL_DATA),
        "checklist_open": case.status == ClaimStatus.REPORTED,
    }


def _restrict_steps(form: StepForm, allowed: list[str]) -> None:
    field = form.fields["to_status"]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as a choice field
    field.choices = [(value, label) for value, label in ClaimStatus.choices if value in allowed]


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """Show one case: timeline, checklist, expected benefit against the amount paid."""
    actor = _actor(request)
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    return render(request, "claims/detail.html", _detail_context(request, actor, case))


@require_POST
@login_required
def case_reveal(request: HttpRequest, case_id: int) -> HttpResponse:
    """Reveal the worker's, reporter's and heirs' personal data (audited), as a fragment."""
    revealed = claim_services.reveal_case(actor=_actor(request), case_id=case_id)
    return render(
        request,
        "claims/_revealed.html",
        {"case": revealed.case, "beneficiaries": revealed.beneficiaries},
    )


@require_POST
@login_required
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    """Move the case one step (or reject it); errors are shown next to the step form."""
    actor = _actor(request)
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    form = StepForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            moved = claim_services.move_case(actor=actor, case_id=case.pk, step=form.to_step())
        except LindungError as exc:
            apply_errors(form, exc)
            status = exc.http_status
        else:
            messages.success(
                request,
                _("Case %(ref)s moved to %(status)s.")
                % {"ref": moved.reference, "status": moved.get_status_display()},
            )
            return redirect("claims:detail", case_id=case.pk)
    context = _detail_context(request, actor, case, step_form=form)
    return render(request, "claims/detail.html", context, status=status)


@require_POST
@login_required
def document_toggle(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    """Tick or untick one document; answers the checklist fragment (htmx) or redirects."""
    actor = _actor(request)
    received = request.POST.get("received") == "1"
    error = ""
    try:
        claim_services.set_document(actor=actor, case_id=case_id, code=code, received=received)
    except LindungError as exc:
        if exc.http_status == 404:
            raise
        error = "; ".join(e.msg for e in exc.errors) or exc.message
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect("claims:detail", case_id=case_id)
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    context = _detail_context(request, actor, case)
    context["checklist_error"] = error
    return render(request, "claims/_checklist.html", context)


@login_required
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Correct an open case's outcome, place, description and benefit inputs."""
    actor = _actor(request)
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    if not claim_services.can_manage(actor) or case.is_closed:
        raise ClaimActionNotAllowed()
    form = CaseEditForm(
        request.POST or None, claim_type=case.claim_type, initial=edit_initial(case)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim_services.update_case(actor=actor, case_id=case.pk, data=form.to_update())
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The case was updated."))
                return redirect("claims:detail", case_id=case.pk)
        else:
            status = 422
    return _form_page(
        request, form, title=_("Correct the case"), case=case, submit=_("Save"), status=status
    )


@require_POST
@login_required
def case_recalculate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Recompute the expected benefit with the parameters in force now."""
    actor = _actor(request)
    case = claim_services.recalculate_case(actor=actor, case_id=case_id)
    messages.success(request, _("The expected benefit was recalculated."))
    return redirect("claims:detail", case_id=case.pk)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    case: ClaimCase | None,
    submit: str,
    status: int = 200,
    back: str = "",
) -> HttpResponse:
    return render(
        request,
        "claims/form.html",
        {"form": form, "title": title, "case": case, "submit": submit, "back": back},
        status=status,
    )


# ----------------------------------------------------------------------------- beneficiaries


@login_required
def beneficiary_add(request: HttpRequest, case_id: int) -> HttpResponse:
    """Add an heir or a child (with school level for the scholarship)."""
    actor = _actor(request)
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    if not claim_services.can_manage(actor) or case.is_closed:
        raise ClaimActionNotAllowed()
    form = BeneficiaryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim_services.add_beneficiary(actor=actor, case_id=case.pk, data=form.to_input())
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The beneficiary was added."))
                return redirect("claims:detail", case_id=case.pk)
        else:
            status = 422
    return _form_page(
        request,
        form,
        title=_("Add an heir or a child"),
        case=case,
        submit=_("Add"),
        status=status,
    )


@require_POST
@login_required
def beneficiary_remove(request: HttpRequest, case_id: int, beneficiary_id: int) -> HttpResponse:
    """Remove an heir or a child from an open case."""
    claim_services.remove_beneficiary(
        actor=_actor(request), case_id=case_id, beneficiary_id=beneficiary_id
    )
    messages.success(request, _("The beneficiary was removed."))
    return redirect("claims:detail", case_id=case_id)


# ----------------------------------------------------------------------------- stories


@login_required
def story_edit(request: HttpRequest, case_id: int, story_id: int | None = None) -> HttpResponse:
    """Write or edit an anonymised story of the case for socialization material."""
    actor = _actor(request)
    case = claim_selectors.access_case(actor=actor, case_id=case_id)
    if not claim_services.can_manage(actor):
        raise ClaimActionNotAllowed()
    initial = {}
    if story_id is not None:
        story = claim_selectors.access_story(actor=actor, case=case, story_id=story_id)
        initial = {"title": story.title, "text": story.text, "publishable": story.publishable}
    form = StoryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim_services.save_story(
                    actor=actor, case_id=case.pk, data=form.to_input(), story_id=story_id
                )
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The story was saved."))
                return redirect("claims:detail", case_id=case.pk)
        else:
            status = 422
    return _form_page(
        request,
        form,
        title=_("Benefit story"),
        case=case,
        submit=_("Save story"),
        status=status,
    )


def public_stories(request: HttpRequest) -> HttpResponse:
    """The public page of anonymised benefit stories (no login; no names or NIK)."""
    stories = Paginator(claim_selectors.public_stories(), 20).get_page(request.GET.get("page"))
    return render(request, "claims/stories.html", {"page": stories})


# ----------------------------------------------------------------------------- handovers


@login_required
def handover_list(request: HttpRequest) -> HttpResponse:
    """List the handover ceremonies covering the actor's cases."""
    actor = _actor(request)
    handovers = claim_selectors.readable_handovers(actor=actor)
    page = Paginator(handovers, claim_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/handovers.html",
        {"page": page, "can_manage": claim_services.can_manage(actor)},
    )


@login_required
def handover_detail(request: HttpRequest, handover_id: int) -> HttpResponse:
    """Show one ceremony with the cases it covered."""
    actor = _actor(request)
    handover = claim_selectors.access_handover(actor=actor, handover_id=handover_id)
    cases = claim_selectors.handover_cases(actor=actor, handover=handover)
    return render(
        request,
        "claims/handover.html",
        {"handover": handover, "cases": cases, "paid_total": claim_selectors.paid_total(cases)},
    )


@login_required
def handover_create(request: HttpRequest) -> HttpResponse:
    """Record a ceremony: date, place, officials, families, amount and the cases covered."""
    actor = _actor(request)
    if not claim_services.can_manage(actor):
        raise ClaimActionNotAllowed()
    regions = [
        (r.code, r.name) for r in claim_selectors.regencies() if region_in_scope(actor, r.code)
    ]
    cases = [
        (
            c.pk,
            f"{c.reference} · {c.get_claim_type_display()} · {c.event_region.name} · "
            f"{c.get_status_display()}",
        )
        for c in claim_selectors.handover_candidates(actor=actor)[:300]
    ]
    initial = {
        "held_on": timezone.localdate(),
        "case_ids": [int(i) for i in request.GET.getlist("case") if i.isdigit()],
    }
    form = HandoverForm(request.POST or None, regions=regions, cases=cases, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                handover = claim_services.record_handover(actor=actor, data=form.to_input())
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The handover was recorded."))
                return redirect("claims:handover", handover_id=handover.pk)
        else:
            status = 422
    return _form_page(
        request,
        form,
        title=_("Record a handover"),
        case=None,
        submit=_("Record handover"),
        status=status,
        back="handovers",
    )


# ----------------------------------------------------------------------------- statistics


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """Cases, amounts paid and median days to payout per regency for a period."""
    actor = _actor(request)
    today = timezone.localdate()
    form = StatsForm(request.GET or None)
    start, end, claim_type = form.period(today)
    figures = claim_selectors.claim_stats(
        actor=actor, date_from=start, date_to=end, claim_type=claim_type
    )
    return render(request, "claims/stats.html", {"form": form, "stats": figures})
