"""Parameter versions and extra holidays: everyone logged in reads, provincial admins add."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import Perm, has_perm
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.views import apply_errors
from lindung.regions import selectors as region_selectors
from lindung.regulations import selectors as regulation_selectors
from lindung.regulations import services as regulation_services
from lindung.regulations.errors import HolidayInvalid, ParameterInvalid, ParameterNotFound
from lindung.regulations.forms import HolidayForm, ParameterVersionForm


@login_required
def parameter_list(request: HttpRequest) -> HttpResponse:
    """List the parameters in force on a date (default today), grouped by program."""
    on = timezone.localdate()
    requested = request.GET.get("tanggal", "")
    if requested:
        try:
            on = type(on).fromisoformat(requested)
        except ValueError:
            messages.error(request, _("The date must be YYYY-MM-DD."))
    groups: OrderedDict[str, list[object]] = OrderedDict()
    for record in regulation_selectors.current_parameters(on=on):
        groups.setdefault(record.name.split(".", 1)[0], []).append(record)
    return render(
        request,
        "regulations/parameter_list.html",
        {
            "groups": groups,
            "on": on,
            "can_edit": has_perm(_actor(request), Perm.MANAGE_REFERENCE_DATA),
        },
    )


@login_required
def parameter_detail(request: HttpRequest, name: str) -> HttpResponse:
    """Show every version of a parameter; provincial admins add a new one."""
    history = list(regulation_selectors.parameter_history(name=name))
    if not history:
        raise ParameterNotFound(params={"name": name})
    actor = _actor(request)
    can_edit = has_perm(actor, Perm.MANAGE_REFERENCE_DATA)
    form = ParameterVersionForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                regulation_services.add_parameter_version(
                    actor=actor,
                    name=name,
                    value_text=data["value_text"],
                    valid_from=data["valid_from"],
                    source=data["source"],
                    confidence=data["confidence"],
                    note=data["note"],
                )
            except ParameterInvalid as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("A new version of %(name)s applies from %(date)s.")
                    % {"name": name, "date": data["valid_from"].isoformat()},
                )
                return redirect("regulations:parameter_detail", name=name)
    return render(
        request,
        "regulations/parameter_detail.html",
        {"name": name, "history": history, "form": form, "can_edit": can_edit},
        status=422 if form.errors else 200,
    )


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    """List extra (regional) holidays and this year's national ones; admins add more."""
    actor = _actor(request)
    can_edit = has_perm(actor, Perm.MANAGE_REFERENCE_DATA)
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                regulation_services.add_holiday(
                    actor=actor,
                    day=data["date"],
                    name=data["name"],
                    region_code=data["region"].strip(),
                    source=data["source"],
                )
            except HolidayInvalid as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The holiday was added."))
                return redirect("regulations:holiday_list")
    year = timezone.localdate().year
    calendar = regulation_selectors.working_calendar(years=[year, year + 1], region_code="61")
    return render(
        request,
        "regulations/holiday_list.html",
        {
            "form": form,
            "can_edit": can_edit,
            "extra": regulation_selectors.all_extra_holidays(),
            "national": sorted(d for d in calendar.holidays.items() if d[0].year == year),
            "provisional_years": sorted(calendar.provisional_years),
            "year": year,
            "regions": list(region_selectors.list_regions().exclude(level="village")),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def holiday_remove(request: HttpRequest, holiday_id: int) -> HttpResponse:
    """Remove an extra holiday added by mistake (audited)."""
    actor = _actor(request)
    if not has_perm(actor, Perm.MANAGE_REFERENCE_DATA):
        return render(request, "403.html", status=403)
    regulation_services.remove_holiday(actor=actor, holiday_id=holiday_id)
    messages.success(request, _("The holiday was removed."))
    return redirect("regulations:holiday_list")
