"""Outreach pages: the cadre's phone-first home, events with attendees, photos and the
workers registered from them, cadres and targets, the follow-up list and the funnel.

Thin edges (R3): parse the form, call one service or selector, render. Every read is
scoped through ``selectors``; out of scope answers 404 (the error middleware renders it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.models import Role, User
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.errors import LindungError
from lindung.core.views import apply_errors
from lindung.outreach import forms, funnel, images, selectors, services
from lindung.outreach.errors import OutreachNotAllowed
from lindung.outreach.models import SocializationEvent
from lindung.workers import selectors as worker_selectors
from lindung.workers import services as worker_services
from lindung.workers.errors import NikAlreadyRegistered


def _reader(request: HttpRequest) -> User:
    actor = _actor(request)
    if not selectors.can_read_outreach(actor):
        raise OutreachNotAllowed()
    return actor


def _recorder(request: HttpRequest) -> User:
    actor = _actor(request)
    if not selectors.can_record_outreach(actor):
        raise OutreachNotAllowed()
    return actor


def _manager(request: HttpRequest) -> User:
    actor = _actor(request)
    if not selectors.can_manage_cadres(actor):
        raise OutreachNotAllowed()
    return actor


def _area_label(region: Any) -> str:
    parent = region.parent.name if region.parent_id and region.parent else ""
    return f"{region.name} ({parent})" if parent else region.name


def _villages(actor: User) -> list[tuple[str, str]]:
    return [(v.code, _area_label(v)) for v in selectors.outreach_villages(actor=actor)]


def _scope_regions(actor: User) -> list[tuple[str, str]]:
    return [(r.code, _area_label(r)) for r in selectors.scope_regions(actor=actor)]


# ----------------------------------------------------------------------------- home


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The outreach home: big actions for cadres, recent events, targets and due follow-ups."""
    actor = _reader(request)
    today = timezone.localdate()
    return render(
        request,
        "outreach/home.html",
        {
            "cadre": selectors.cadre_of(actor=actor),
            "can_record": selectors.can_record_outreach(actor),
            "can_manage": selectors.can_manage_cadres(actor),
            "is_cadre": actor.role == Role.VILLAGE_CADRE,
            "targets": selectors.my_targets(actor=actor, today=today)[:4],
            "events": selectors.event_list(actor=actor)[:5],
            "due": selectors.due_actions(actor=actor, today=today)[:5],
        },
    )


# ----------------------------------------------------------------------------- events


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """List the events in the actor's area, newest first, with filters."""
    actor = _reader(request)
    form = forms.EventFilterForm(request.GET or None, regions=_scope_regions(actor))
    events = selectors.event_list(actor=actor, filters=form.filters())
    page = Paginator(events, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/event_list.html",
        {"form": form, "page": page, "can_record": selectors.can_record_outreach(actor)},
    )


def _event_form(
    request: HttpRequest, actor: User, initial: dict[str, Any] | None = None
) -> forms.EventForm:
    organisers = None
    if actor.role != Role.VILLAGE_CADRE:
        organisers = [
            (c.pk, f"{c.name} ({c.region.name})") for c in selectors.organiser_choices(actor=actor)
        ]
    return forms.EventForm(
        request.POST or None, initial=initial, villages=_villages(actor), organisers=organisers
    )


def _event_input(data: dict[str, Any]) -> services.EventInput:
    return services.EventInput(
        title=data["title"],
        held_on=data["held_on"],
        region_code=data["region_code"],
        place=data["place"],
        attendance_count=data["attendance_count"],
        sector=data["sector"],
        organiser_cadre_id=data.get("organiser_cadre_id"),
        materials=data["materials"],
        notes=data["notes"],
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    """Record an event (phone-first form)."""
    actor = _recorder(request)
    own = selectors.cadre_of(actor=actor)
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if own is not None and own.region.level == "village":
        initial["region_code"] = own.region_id
    form = _event_form(request, actor, initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                event = services.record_event(actor=actor, data=_event_input(form.cleaned_data))
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The event was recorded."))
                return redirect("outreach:event_detail", event_id=event.pk)
    return render(request, "outreach/event_form.html", {"form": form, "event": None}, status=status)


@login_required
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    """Change an event's details."""
    actor = _recorder(request)
    event = selectors.access_event(actor=actor, event_id=event_id)
    initial = {
        "title": event.title,
        "held_on": event.held_on,
        "region_code": event.region_id,
        "place": event.place,
        "organiser_cadre_id": event.organiser_cadre_id,
        "sector": event.sector,
        "attendance_count": event.attendance_count,
        "materials": event.materials,
        "notes": event.notes,
    }
    form = _event_form(request, actor, initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.update_event(
                    actor=actor, event_id=event.pk, data=_event_input(form.cleaned_data)
                )
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The event was saved."))
                return redirect("outreach:event_detail", event_id=event.pk)
    return render(
        request, "outreach/event_form.html", {"form": form, "event": event}, status=status
    )


@require_POST
@login_required
def event_delete(request: HttpRequest, event_id: int) -> HttpResponse:
    """Delete an event that has no registrations credited."""
    actor = _recorder(request)
    try:
        services.delete_event(actor=actor, event_id=event_id)
    except LindungError as exc:
        if exc.http_status == 404:
            raise
        messages.error(request, exc.message)
        return redirect("outreach:event_detail", event_id=event_id)
    messages.success(request, _("The event was deleted."))
    return redirect("outreach:event_list")


def _event_page(
    request: HttpRequest,
    actor: User,
    event: SocializationEvent,
    *,
    attendees_form: forms.AttendeesForm | None = None,
    photo_form: forms.PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    search = forms.WorkerSearchForm(request.GET or None)
    query = search.cleaned_data if search.is_valid() else {}
    found = selectors.linkable_workers(
        actor=actor, event=event, nik=query.get("nik", ""), query=query.get("q", "")
    )
    can_edit = selectors.can_record_outreach(actor)
    if can_edit and actor.role == Role.VILLAGE_CADRE:
        own = selectors.cadre_of(actor=actor)
        can_edit = event.organiser_user_id == actor.pk or (
            own is not None and event.organiser_cadre_id == own.pk
        )
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "attendees": selectors.event_attendees(actor=actor, event=event),
            "photos": selectors.event_photos(actor=actor, event=event),
            "registrations": selectors.event_registrations(actor=actor, event=event),
            "can_edit": can_edit,
            "can_reveal": selectors.can_reveal(actor),
            "attendees_form": attendees_form or forms.AttendeesForm(),
            "photo_form": photo_form or forms.PhotoForm(),
            "search": search,
            "found": found,
            "searched": bool(request.GET.get("nik") or request.GET.get("q")),
            "max_photo_mb": images.max_photo_bytes() // (1024 * 1024),
        },
        status=status,
    )


@login_required
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    """Show an event: attendees (masked), photos, registrations and the worker search."""
    actor = _reader(request)
    event = selectors.access_event(actor=actor, event_id=event_id)
    return _event_page(request, actor, event)


@require_POST
@login_required
def attendees_add(request: HttpRequest, event_id: int) -> HttpResponse:
    """Add names (and NIKs) to an event's attendance list."""
    actor = _recorder(request)
    event = selectors.access_event(actor=actor, event_id=event_id)
    form = forms.AttendeesForm(request.POST)
    if form.is_valid():
        try:
            added = services.add_attendees(
                actor=actor, event_id=event.pk, attendees=form.cleaned_data["lines"]
            )
        except LindungError as exc:
            if exc.http_status in {403, 404}:
                raise
            for error in exc.errors:
                form.add_error("lines", error.msg)
            if not exc.errors:
                form.add_error("lines", exc.message)
            return _event_page(request, actor, event, attendees_form=form, status=exc.http_status)
        messages.success(request, _("%(count)s people added to the list.") % {"count": len(added)})
        return redirect("outreach:event_detail", event_id=event.pk)
    return _event_page(request, actor, event, attendees_form=form, status=422)


@require_POST
@login_required
def attendee_remove(request: HttpRequest, attendee_id: int) -> HttpResponse:
    """Take one person off an attendance list."""
    actor = _recorder(request)
    attendee = selectors.access_attendee(actor=actor, attendee_id=attendee_id)
    services.remove_attendee(actor=actor, attendee_id=attendee.pk)
    messages.success(request, _("Removed from the list."))
    return redirect("outreach:event_detail", event_id=attendee.event_id)


@require_POST
@login_required
def attendees_reveal(request: HttpRequest, event_id: int) -> HttpResponse:
    """Reveal an attendance list (audited) as an htmx fragment."""
    people = services.reveal_attendees(actor=_actor(request), event_id=event_id)
    return render(request, "outreach/_attendees_revealed.html", {"attendees": people})


@require_POST
@login_required
def photo_add(request: HttpRequest, event_id: int) -> HttpResponse:
    """Upload a photo of an event; checked by content, stored without metadata."""
    actor = _recorder(request)
    event = selectors.access_event(actor=actor, event_id=event_id)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            # One byte over the limit is enough to refuse; never read a huge upload whole.
            content = upload.read(images.max_photo_bytes() + 1)
            services.add_photo(
                actor=actor,
                event_id=event.pk,
                content=content,
                caption=form.cleaned_data["caption"],
            )
        except LindungError as exc:
            if exc.http_status in {403, 404}:
                raise
            form.add_error("photo", exc.message)
            return _event_page(request, actor, event, photo_form=form, status=exc.http_status)
        messages.success(request, _("The photo was added."))
        return redirect("outreach:event_detail", event_id=event.pk)
    return _event_page(request, actor, event, photo_form=form, status=422)


@login_required
def photo_file(request: HttpRequest, photo_id: int) -> FileResponse:
    """Serve a photo to those who may read its event (never from a public URL)."""
    photo = selectors.access_photo(actor=_reader(request), photo_id=photo_id)
    name = photo.image.name or ""
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = (
        f'inline; filename="foto-{photo.pk}.{name.rsplit(".", 1)[-1]}"'
    )
    return response


@require_POST
@login_required
def photo_remove(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Remove a photo from its event."""
    actor = _recorder(request)
    photo = selectors.access_photo(actor=actor, photo_id=photo_id)
    services.remove_photo(actor=actor, photo_id=photo.pk)
    messages.success(request, _("The photo was removed."))
    return redirect("outreach:event_detail", event_id=photo.event_id)


@require_POST
@login_required
def registration_credit(request: HttpRequest, event_id: int) -> HttpResponse:
    """Credit an existing registry worker to the event."""
    actor = _recorder(request)
    event = selectors.access_event(actor=actor, event_id=event_id)
    try:
        services.credit_worker(
            actor=actor, event_id=event.pk, worker_id=int(request.POST.get("worker_id") or 0)
        )
    except LindungError as exc:
        if exc.http_status == 403:
            raise
        detail = "; ".join(e.msg for e in exc.errors) or exc.message
        messages.error(request, detail)
    else:
        messages.success(request, _("The worker is now credited to this event."))
    return redirect("outreach:event_detail", event_id=event.pk)


@require_POST
@login_required
def registration_uncredit(request: HttpRequest, registration_id: int) -> HttpResponse:
    """Remove a worker's credit to an event (the registry record stays)."""
    actor = _recorder(request)
    registration = selectors.access_registration(actor=actor, registration_id=registration_id)
    services.uncredit_worker(actor=actor, registration_id=registration.pk)
    messages.success(request, _("The credit was removed; the worker stays in the registry."))
    return redirect("outreach:event_detail", event_id=registration.event_id)


# ----------------------------------------------------------------------------- registration


def _registration_form(
    request: HttpRequest, actor: User, event_id: int | None
) -> forms.EventRegistrationForm:
    villages = [
        (v.code, _area_label(v)) for v in worker_selectors.registration_villages(actor=actor)
    ]
    events = [
        (e.pk, f"{e.held_on:%d/%m/%Y} · {e.title}")
        for e in selectors.events_for_registration(actor=actor, today=timezone.localdate())
    ]
    initial: dict[str, Any] = {"segment": "bpu"}
    if event_id is not None:
        initial["event_id"] = event_id
        if event_id not in {pk for pk, _label in events}:
            event = selectors.access_event(actor=actor, event_id=event_id)
            events.insert(0, (event.pk, f"{event.held_on:%d/%m/%Y} · {event.title}"))
    own = selectors.cadre_of(actor=actor)
    if own is not None and own.region.level == "village":
        initial["region_code"] = own.region_id
    return forms.EventRegistrationForm(
        request.POST or None, initial=initial, villages=villages, projects=None, events=events
    )


@login_required
def register_worker(request: HttpRequest) -> HttpResponse:
    """The cadre's registration screen: the worker registry's form, with the event the
    worker came from (the registry's own service registers; the event is credited)."""
    actor = _recorder(request)
    raw_event = request.GET.get("kegiatan") or request.POST.get("event_id") or ""
    event_id = int(raw_event) if raw_event.isdigit() else None
    form = _registration_form(request, actor, event_id)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            worker_input = worker_services.WorkerInput(
                name=data["name"],
                region_code=data["region_code"],
                nik=data["nik"],
                birth_date=data["birth_date"],
                sex=data["sex"],
                phone=data["phone"],
                occupation=data["occupation"],
                sector=data["sector"],
                segment=data["segment"],
            )
            try:
                if data.get("event_id"):
                    registration = services.register_worker_at_event(
                        actor=actor, event_id=data["event_id"], data=worker_input
                    )
                    worker_id = registration.worker_id
                else:
                    worker_id = worker_services.register_worker(actor=actor, data=worker_input).pk
            except NikAlreadyRegistered as exc:
                apply_errors(form, exc)
                form.add_error(
                    None,
                    _(
                        "This person is already in the registry. Find them on the event page "
                        "and credit them to the event instead."
                    ),
                )
                status = exc.http_status
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The worker was registered."))
                query = {"baru": worker_id} | (
                    {"kegiatan": data["event_id"]} if data.get("event_id") else {}
                )
                return redirect(f"{reverse('outreach:register')}?{urlencode(query)}")
    new_id = request.GET.get("baru", "")
    return render(
        request,
        "outreach/register.html",
        {"form": form, "new_worker_id": int(new_id) if new_id.isdigit() else None},
        status=status,
    )


# ----------------------------------------------------------------------------- cadres


@login_required
def cadre_list(request: HttpRequest) -> HttpResponse:
    """List the cadres of the actor's area with their events and registrations."""
    actor = _reader(request)
    filters = selectors.CadreFilters(
        region=request.GET.get("region", ""),
        active=request.GET.get("active", ""),
        query=request.GET.get("q", "")[:100],
    )
    page = Paginator(selectors.cadre_list(actor=actor, filters=filters), selectors.PAGE_SIZE)
    return render(
        request,
        "outreach/cadre_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "filters": filters,
            "regions": _scope_regions(actor),
            "can_manage": selectors.can_manage_cadres(actor),
        },
    )


def _areas(actor: User) -> list[tuple[str, str]]:
    return [(r.code, _area_label(r)) for r in selectors.outreach_areas(actor=actor)]


def _cadre_input(data: dict[str, Any]) -> services.CadreInput:
    return services.CadreInput(
        name=data["name"],
        region_code=data["region_code"],
        kind=data["kind"],
        phone=data["phone"],
        username=data["username"],
        is_active=data["is_active"],
    )


@login_required
def cadre_create(request: HttpRequest) -> HttpResponse:
    """Add a cadre (optionally linked to a village cadre login)."""
    actor = _manager(request)
    form = forms.CadreForm(request.POST or None, areas=_areas(actor), initial={"is_active": True})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                cadre = services.create_cadre(actor=actor, data=_cadre_input(form.cleaned_data))
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The cadre was added."))
                return redirect("outreach:cadre_detail", cadre_id=cadre.pk)
    return render(request, "outreach/cadre_form.html", {"form": form, "cadre": None}, status=status)


@login_required
def cadre_edit(request: HttpRequest, cadre_id: int) -> HttpResponse:
    """Change a cadre, or deactivate them."""
    actor = _manager(request)
    cadre = selectors.access_cadre(actor=actor, cadre_id=cadre_id)
    initial = {
        "name": cadre.name,
        "kind": cadre.kind,
        "region_code": cadre.region_id,
        "phone": cadre.phone,
        "username": cadre.user.username if cadre.user else "",
        "is_active": cadre.is_active,
    }
    form = forms.CadreForm(request.POST or None, areas=_areas(actor), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.update_cadre(
                    actor=actor, cadre_id=cadre.pk, data=_cadre_input(form.cleaned_data)
                )
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The cadre was saved."))
                return redirect("outreach:cadre_detail", cadre_id=cadre.pk)
    return render(
        request, "outreach/cadre_form.html", {"form": form, "cadre": cadre}, status=status
    )


@login_required
def cadre_detail(request: HttpRequest, cadre_id: int) -> HttpResponse:
    """Show a cadre with their targets and progress, and their events."""
    actor = _reader(request)
    cadre = selectors.access_cadre(actor=actor, cadre_id=cadre_id)
    targets = selectors.readable_targets(actor=actor).filter(cadre=cadre)
    return render(
        request,
        "outreach/cadre_detail.html",
        {
            "cadre": cadre,
            "progress": selectors.target_progress(actor=actor, targets=targets),
            "events": selectors.event_list(
                actor=actor, filters=selectors.EventFilters(cadre_id=cadre.pk)
            )[:20],
            "can_manage": selectors.can_manage_cadres(actor),
        },
    )


# ----------------------------------------------------------------------------- targets


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    """List targets with progress and set new ones (officers)."""
    actor = _reader(request)
    can_manage = selectors.can_manage_cadres(actor)
    form = None
    status = 200
    if can_manage:
        cadres = [
            (c.pk, f"{c.name} ({c.region.name})")
            for c in selectors.readable_cadres(actor=actor).filter(is_active=True)
        ]
        form = forms.TargetForm(request.POST or None, cadres=cadres, villages=_villages(actor))
    if request.method == "POST":
        if form is None:
            raise OutreachNotAllowed()
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_target(
                    actor=actor,
                    data=services.TargetInput(
                        metric=data["metric"],
                        period=data["period"],
                        value=data["value"],
                        cadre_id=data["cadre_id"],
                        region_code=data["region_code"],
                    ),
                )
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The target was set."))
                return redirect("outreach:target_list")
    targets = selectors.readable_targets(actor=actor).order_by("-period_start", "metric", "pk")
    page = Paginator(targets, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/target_list.html",
        {
            "form": form,
            "page": page,
            "progress": selectors.target_progress(actor=actor, targets=list(page.object_list)),
        },
        status=status,
    )


@require_POST
@login_required
def target_change(request: HttpRequest, target_id: int) -> HttpResponse:
    """Change a target's value."""
    actor = _manager(request)
    form = forms.TargetValueForm(request.POST)
    if form.is_valid():
        services.change_target(actor=actor, target_id=target_id, value=form.cleaned_data["value"])
        messages.success(request, _("The target was saved."))
    else:
        messages.error(request, _("The target must be a whole number from 1."))
    return redirect("outreach:target_list")


@require_POST
@login_required
def target_remove(request: HttpRequest, target_id: int) -> HttpResponse:
    """Delete a target."""
    services.remove_target(actor=_manager(request), target_id=target_id)
    messages.success(request, _("The target was deleted."))
    return redirect("outreach:target_list")


@login_required
def my_targets(request: HttpRequest) -> HttpResponse:
    """The cadre's targets and progress (and their village's)."""
    actor = _reader(request)
    return render(
        request,
        "outreach/my_targets.html",
        {
            "cadre": selectors.cadre_of(actor=actor),
            "progress": selectors.my_targets(actor=actor, today=timezone.localdate()),
        },
    )


# ----------------------------------------------------------------------------- follow-up


@login_required
def followup_list(request: HttpRequest) -> HttpResponse:
    """Lapsed BPU participants of a district or village, with the last contact (masked)."""
    actor = _reader(request)
    region = selectors.followup_region(actor=actor, code=request.GET.get("wilayah", ""))
    listing = selectors.followup_list(actor=actor, region=region)
    return render(
        request,
        "outreach/followup_list.html",
        {
            "listing": listing,
            "areas": _areas(actor),
            "chosen": region.code if region else "",
            "due": selectors.due_actions(actor=actor, today=timezone.localdate())[:20],
        },
    )


@login_required
def followup_detail(request: HttpRequest, kpj: str) -> HttpResponse:
    """One lapsed participant: the contact history and the form to log a contact."""
    actor = _reader(request)
    participant = selectors.followup_participant(actor=actor, kpj=kpj)
    form = forms.ContactForm(
        request.POST or None, initial={"contacted_on": timezone.localdate(), "channel": "call"}
    )
    status = 200
    if request.method == "POST":
        if not selectors.can_record_outreach(actor):
            raise OutreachNotAllowed()
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.log_contact(
                    actor=actor,
                    data=services.ContactInput(
                        kpj=participant.kpj,
                        contacted_on=data["contacted_on"],
                        channel=data["channel"],
                        outcome=data["outcome"],
                        note=data["note"],
                        next_action=data["next_action"],
                        next_action_on=data["next_action_on"],
                    ),
                )
            except LindungError as exc:
                apply_errors(form, exc)
                status = exc.http_status
            else:
                messages.success(request, _("The contact was logged."))
                return redirect("outreach:followup_detail", kpj=participant.kpj)
    return render(
        request,
        "outreach/followup_detail.html",
        {
            "participant": participant,
            "history": selectors.contact_history(actor=actor, kpj=participant.kpj),
            "form": form,
            "can_record": selectors.can_record_outreach(actor),
            "reveal_scope": selectors.reveal_scope(actor),
        },
        status=status,
    )


@require_POST
@login_required
def followup_reveal(request: HttpRequest, kpj: str) -> HttpResponse:
    """Reveal a follow-up participant's personal data (audited) as an htmx fragment."""
    actor = _actor(request)
    row = services.reveal_followup(actor=actor, kpj=kpj)
    return render(
        request,
        "outreach/_participant_revealed.html",
        {"participant": row, "scope": selectors.reveal_scope(actor)},
    )


# ----------------------------------------------------------------------------- funnel


@login_required
def funnel_page(request: HttpRequest) -> HttpResponse:
    """The conversion funnel per village, cadre, event or sector."""
    actor = _reader(request)
    form = forms.FunnelForm(request.GET or None, regions=_scope_regions(actor))
    report = funnel.conversion_funnel(actor=actor, group=form.group_value(), filters=form.filters())
    return render(request, "outreach/funnel.html", {"form": form, "report": report})
