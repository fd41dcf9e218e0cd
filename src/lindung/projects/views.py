"""Project pages: list, detail, forms, "my projects", ranking, export and QR (thin edges, R3).

Every read goes through ``readable_projects`` (via the selectors), so an out-of-scope
project answers 404 exactly like an absent one; every write is one service call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import PROVINCE_WIDE_ROLES
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.errors import LindungError
from lindung.core.exports import XLSX_CONTENT_TYPE
from lindung.core.views import apply_errors
from lindung.jobs.models import JobStatus
from lindung.projects import exports, list_selectors, qr
from lindung.projects import selectors as project_selectors
from lindung.projects import services as project_services
from lindung.projects.errors import (
    AddendumInvalid,
    AlreadyRegistered,
    PaymentInvalid,
    ProjectInvalid,
    RegistrationInvalid,
    StageChangeInvalid,
)
from lindung.projects.forms import (
    AddendumForm,
    PaymentForm,
    ProjectFilterForm,
    ProjectForm,
    RegistrationForm,
    StageForm,
    initial_from_project,
    today_initial,
)
from lindung.projects.models import Project
from lindung.projects.tasks import export_projects_task

CREATOR_ROLES = frozenset({Role.PROVINCIAL_ADMIN, Role.REGENCY_OFFICER, Role.AGENCY_USER})
RANKING_GROUPS = ("agency", "regency", "ppk", "contractor")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _filter_form(request: HttpRequest, actor: User, *, menus: bool) -> ProjectFilterForm:
    if not menus:
        return ProjectFilterForm(request.GET)
    return ProjectFilterForm(
        request.GET,
        regions=[(r.code, r.name) for r in list_selectors.regencies()],
        agencies=[(a.pk, a.name) for a in list_selectors.filter_agencies(actor=actor)],
        ppks=[(p.pk, p.name) for p in list_selectors.filter_ppks(actor=actor)],
    )


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """List the actor's projects with filters, search, sorting and pages."""
    actor = _actor(request)
    partial = _is_htmx(request) and request.headers.get("HX-Target") == "project-table"
    form = _filter_form(request, actor, menus=not partial)
    today = timezone.localdate()
    projects = list_selectors.filtered_projects(actor=actor, filters=form.filters(), today=today)
    result = list_selectors.project_page(projects, number=request.GET.get("page"))
    page, rows = result.page, result.rows
    statuses = list_selectors.compliance_for(rows, as_of=today)
    context = {
        "form": form,
        "page": page,
        "rows": [(p, statuses[p.pk]) for p in rows],
        "status_labels": list_selectors.STATUS_LABELS,
        "can_create": actor.role in CREATOR_ROLES,
        "export_query": request.GET.urlencode(),
    }
    template = "projects/_table.html" if partial else "projects/list.html"
    return render(request, template, context)


@login_required
@require_POST
def project_export(request: HttpRequest) -> HttpResponse:
    """Start the XLSX export of the filtered list (scoped like the list) as a job; audited."""
    job = project_services.start_project_export(
        actor=_actor(request),
        filters=ProjectFilterForm(request.GET).filters(),
        query=request.GET.dict(),
        task=export_projects_task,
    )
    return redirect("projects:export_job", job_id=job.pk)


@login_required
def export_job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """Show an export's progress and, once written, its download; htmx gets the panel only."""
    job = project_selectors.access_export(actor=_actor(request), job_id=job_id)
    template = "projects/_export.html" if _is_htmx(request) else "projects/export.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    """Download a finished export's XLSX file (its requester or an administrator)."""
    job = project_selectors.access_export(actor=_actor(request), job_id=job_id)
    name = job.result.get("file") if job.status == JobStatus.SUCCEEDED else None
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"proyek-{job.params.get('as_of', '')}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def project_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the filtered list as CSV, row by row (large exports start at once); audited."""
    actor = _actor(request)
    today = timezone.localdate()
    filters = ProjectFilterForm(request.GET).filters()
    projects = list_selectors.filtered_projects(actor=actor, filters=filters, today=today)
    project_services.record_csv_export(actor=actor, query=request.GET.dict())
    return exports.csv_response(projects, as_of=today)


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """Show a project: facts, compliance, contribution breakdown and timeline."""
    actor = _actor(request)
    project = project_selectors.access_project(actor=actor, project_id=project_id)
    today = timezone.localdate()
    # One parameter set, holiday query and calendar for the status and the provisional check.
    context = list_selectors.compliance_context(as_of=today)
    status = list_selectors.compliance_for([project], as_of=today, context=context)[project.pk]
    records = list_selectors.project_records(project=project)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "status": status,
            "status_label": list_selectors.STATUS_LABELS.get(status.code, status.code),
            "records": records,
            "timeline": list_selectors.timeline(
                project=project, records=records, status=status, today=today
            ),
            "detail": project_selectors.contribution_detail(project),
            "provisional_years": list_selectors.provisional_deadline_years(
                project, context=context
            ),
            "can_edit": project_services.can_edit_project(actor, project),
            "can_record": project_services.can_record_protection(actor, project),
            "can_register": records.registration is None or actor.role in PROVINCE_WIDE_ROLES,
            "public_url": request.build_absolute_uri(
                reverse("projects_public:verify", args=[project.public_token])
            ),
        },
    )


def _render_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    project: Project | None,
    submit: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "projects/form.html",
        {"form": form, "title": title, "project": project, "submit": submit, **(extra or {})},
        status=422 if form.errors else 200,
    )


def _locations() -> list[Any]:
    return list(list_selectors.location_choices())


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    """Create a project in the actor's scope."""
    actor = _actor(request)
    if actor.role not in CREATOR_ROLES:
        raise PermissionDenied
    form = ProjectForm(
        request.POST or None,
        initial={"fiscal_year": timezone.localdate().year, "region_code": actor.region_code},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = project_services.create_project(actor=actor, data=form.to_input())
        except ProjectInvalid as exc:
            apply_errors(form, exc)
        except LindungError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Project %(name)s was created.") % {"name": project.name})
            return redirect("projects:detail", project_id=project.pk)
    return _render_form(
        request,
        form,
        title=_("New project"),
        project=None,
        submit=_("Create project"),
        extra={"locations": _locations()},
    )


@login_required
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    """Change a project's data; the contribution and deadline are recomputed."""
    actor = _actor(request)
    project = project_selectors.access_project(actor=actor, project_id=project_id)
    if not project_services.can_edit_project(actor, project):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, initial=initial_from_project(project))
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if data.agency_name.strip().lower() == project.agency.name.lower():
            data.agency_region_code = project.agency.region_id
        try:
            project = project_services.update_project(actor=actor, project_id=project.pk, data=data)
        except ProjectInvalid as exc:
            apply_errors(form, exc)
        except LindungError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Changes to the project were saved."))
            return redirect("projects:detail", project_id=project.pk)
    return _render_form(
        request,
        form,
        title=_("Edit project"),
        project=project,
        submit=_("Save changes"),
        extra={"locations": _locations()},
    )


def _record_view(
    request: HttpRequest,
    project_id: int,
    *,
    form_class: type[forms.Form],
    title: str,
    submit: str,
    allowed: Callable[[User, Project], bool],
    save: Callable[[User, Project, dict[str, Any]], Any],
    invalid: tuple[type[LindungError], ...],
    done: str,
) -> HttpResponse:
    actor = _actor(request)
    project = project_selectors.access_project(actor=actor, project_id=project_id)
    if not allowed(actor, project):
        raise PermissionDenied
    form = form_class(request.POST or None, initial=today_initial(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            save(actor, project, form.cleaned_data)
        except invalid as exc:
            apply_errors(form, exc)
        except LindungError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("projects:detail", project_id=project.pk)
    return _render_form(request, form, title=title, project=project, submit=submit)


@login_required
def addendum_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """Record a contract addendum (value or time)."""
    return _record_view(
        request,
        project_id,
        form_class=AddendumForm,
        title=_("Record an addendum"),
        submit=_("Record addendum"),
        allowed=lambda actor, project: project_services.can_edit_project(actor, project),
        save=lambda actor, project, data: project_services.record_addendum(
            actor=actor,
            project_id=project.pk,
            number=data["number"],
            signed_on=data["signed_on"],
            new_value=data["new_value"],
            new_end=data["new_end"],
        ),
        invalid=(AddendumInvalid,),
        done=_("The addendum was recorded."),
    )


@login_required
def registration_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """Record the project's BPJS Ketenagakerjaan registration."""
    return _record_view(
        request,
        project_id,
        form_class=RegistrationForm,
        title=_("Record the BPJS registration"),
        submit=_("Record registration"),
        allowed=project_services.can_record_protection,
        save=lambda actor, project, data: project_services.record_registration(
            actor=actor,
            project_id=project.pk,
            bpjs_project_number=data["bpjs_project_number"],
            certificate_number=data["certificate_number"],
            registered_on=data["registered_on"],
        ),
        invalid=(RegistrationInvalid, AlreadyRegistered),
        done=_("The BPJS registration was recorded."),
    )


@login_required
def payment_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """Record a contribution payment."""
    return _record_view(
        request,
        project_id,
        form_class=PaymentForm,
        title=_("Record a contribution payment"),
        submit=_("Record payment"),
        allowed=project_services.can_record_protection,
        save=lambda actor, project, data: project_services.record_payment(
            actor=actor,
            project_id=project.pk,
            amount=data["amount"],
            paid_on=data["paid_on"],
            termin=data["termin"],
            reference=data["reference"],
        ),
        invalid=(PaymentInvalid,),
        done=_("The payment was recorded."),
    )


@login_required
def stage_change(request: HttpRequest, project_id: int) -> HttpResponse:
    """Move the project to its next stage (or cancel it)."""
    return _record_view(
        request,
        project_id,
        form_class=StageForm,
        title=_("Change the stage"),
        submit=_("Change stage"),
        allowed=lambda actor, project: project_services.can_edit_project(actor, project),
        save=lambda actor, project, data: project_services.change_stage(
            actor=actor,
            project_id=project.pk,
            stage=data["stage"],
            on=data["on"],
            note=data["note"],
        ),
        invalid=(StageChangeInvalid,),
        done=_("The stage was changed."),
    )


@require_POST
@login_required
def public_link_revoke(request: HttpRequest, project_id: int) -> HttpResponse:
    """Replace the public QR link (old posters stop working)."""
    project = project_services.revoke_public_link(actor=_actor(request), project_id=project_id)
    messages.success(request, _("A new public link was issued; print the poster again."))
    return redirect("projects:detail", project_id=project.pk)


def _registered_project(request: HttpRequest, project_id: int) -> tuple[Project, str]:
    project = project_selectors.access_project(actor=_actor(request), project_id=project_id)
    if project.registered_on is None:
        raise Http404
    url = request.build_absolute_uri(reverse("projects_public:verify", args=[project.public_token]))
    return project, url


@login_required
def qr_png(request: HttpRequest, project_id: int) -> HttpResponse:
    """Download the QR code of the public page as PNG (registered projects only)."""
    project, url = _registered_project(request, project_id)
    response = HttpResponse(qr.qr_png(url), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-proyek-{project.pk}.png"'
    return response


@login_required
def qr_svg(request: HttpRequest, project_id: int) -> HttpResponse:
    """Download the QR code of the public page as SVG (registered projects only)."""
    project, url = _registered_project(request, project_id)
    response = HttpResponse(qr.qr_svg(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-proyek-{project.pk}.svg"'
    return response


@login_required
def poster(request: HttpRequest, project_id: int) -> HttpResponse:
    """Show the printable A4 poster for the site board."""
    project, url = _registered_project(request, project_id)
    return render(
        request,
        "projects/poster.html",
        {"project": project, "qr_svg": qr.qr_svg_inline(url), "public_url": url},
    )


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    """Show a PPK's or contractor's projects with what to do next and by when."""
    actor = _actor(request)
    if actor.role not in {Role.AGENCY_USER, Role.CONTRACTOR}:
        return redirect("projects:list")
    items = list_selectors.my_projects(actor=actor, today=timezone.localdate())
    return render(
        request,
        "projects/my_projects.html",
        {
            "items": items,
            "status_labels": list_selectors.STATUS_LABELS,
            "todo": [i for i in items if not i.status.compliant],
            "done": [i for i in items if i.status.compliant],
            "limit": list_selectors.MY_PROJECTS_LIMIT,
        },
    )


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """Rank agencies, regencies, PPKs or contractors by registration and payment, worst first."""
    actor = _actor(request)
    by = request.GET.get("by", "agency")
    if by not in RANKING_GROUPS:
        by = "agency"
    try:
        year = int(request.GET.get("year", "")) or None
    except ValueError:
        year = None
    rows = project_selectors.ranking(actor=actor, by=by, year=year)
    summary = list_selectors.ranking_summary(rows)
    return render(
        request,
        "projects/ranking.html",
        {
            "rows": rows,
            "by": by,
            "year": year or "",
            "totals": summary.total,
            "unpaid": summary.unpaid,
            "groups": RANKING_GROUPS,
        },
    )
