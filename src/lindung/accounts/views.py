"""Login, user management, API tokens and the audit trail (thin edges, R3)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.errors import UserInvalid
from lindung.accounts.forms import (
    AuditFilterForm,
    LoginForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from lindung.accounts.permissions import Perm, has_perm
from lindung.accounts.permissions import logged_in_actor as _actor
from lindung.core.csv import escape_cell
from lindung.core.views import apply_errors
from lindung.regions import selectors as region_selectors

ViewFunc = Callable[..., HttpResponseBase]


def require_perm(perm: Perm) -> Callable[[ViewFunc], ViewFunc]:
    """Allow a logged-in actor whose role grants ``perm``; others get the 403 page."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        account_services.record_login(actor=form.get_user())
        return response


def _scope_regions() -> list[Any]:
    return list(region_selectors.list_regions(level=None).exclude(level="village"))


@require_perm(Perm.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    """List users with search and filters."""
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = account_selectors.search_users(
        actor=_actor(request),
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        active=filters.get("active", ""),
    )
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    template = "accounts/_user_table.html" if request.htmx else "accounts/user_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page})


@require_perm(Perm.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    """Create a user with a role and region scope."""
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_services.create_user(
                actor=_actor(request),
                username=data["username"],
                password=data["password"],
                role=data["role"],
                region_code=data["region"].strip(),
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organization=data["organization"],
                phone=data["phone"],
            )
        except UserInvalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("User %(name)s was created.") % {"name": user.username})
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "regions": _scope_regions(), "creating": True},
        status=422 if form.errors else 200,
    )


@require_perm(Perm.MANAGE_USERS)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """Show a user, masked, with the edit form."""
    user = account_selectors.access_user(actor=_actor(request), user_id=user_id)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "region": user.region_code,
        "organization": user.organization,
        "is_active": user.is_active,
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_services.update_user(
                actor=_actor(request),
                user_id=user.pk,
                role=data["role"],
                region_code=data["region"].strip(),
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"] or None,
                organization=data["organization"],
                phone=data["phone"] or None,
                is_active=data["is_active"],
            )
        except UserInvalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Changes to %(name)s were saved.") % {"name": user.username}
            )
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"subject": user, "form": form, "regions": _scope_regions()},
        status=422 if form.errors else 200,
    )


@require_POST
@require_perm(Perm.MANAGE_USERS)
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    """Lift a login lockout after too many failed attempts."""
    user = account_selectors.access_user(actor=_actor(request), user_id=user_id)
    account_services.unlock_logins(actor=_actor(request), user_id=user.pk)
    messages.success(request, _("Logins for %(name)s are unlocked.") % {"name": user.username})
    return redirect("accounts:user_detail", user_id=user.pk)


@require_POST
@require_perm(Perm.REVEAL_PERSONAL_DATA)
def user_reveal(request: HttpRequest, user_id: int) -> HttpResponse:
    """Reveal a user's contact details (audited) as an htmx fragment."""
    user = account_services.reveal_user_contact(actor=_actor(request), user_id=user_id)
    return render(request, "accounts/_contact_revealed.html", {"subject": user})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List and create the actor's own API tokens."""
    actor = _actor(request)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = account_services.issue_api_token(
            actor=actor, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = account_selectors.readable_api_tokens(actor=actor).filter(user=actor)
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the actor's API tokens."""
    account_services.revoke_api_token(actor=_actor(request), token_id=token_id)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


def _audit_filters(form: AuditFilterForm) -> dict[str, Any]:
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v}


@require_perm(Perm.READ_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    """Search the audit trail."""
    form = AuditFilterForm(request.GET or None)
    filters = _audit_filters(form)
    events = account_selectors.search_audit_events(actor=_actor(request), **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_list.html", {"form": form, "page": page})


AUDIT_EXPORT_COLUMNS = (
    "id",
    "at",
    "actor_username",
    "ip_address",
    "action",
    "entity_type",
    "entity_id",
    "region_code",
    "changes",
    "note",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_perm(Perm.READ_AUDIT)
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the filtered audit trail as CSV; the export itself is audited."""
    form = AuditFilterForm(request.GET or None)
    filters = _audit_filters(form)
    actor = _actor(request)
    events = account_selectors.search_audit_events(actor=actor, **filters)
    account_services.export_audit_events(actor=actor, filters=filters, count=events.count())
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(AUDIT_EXPORT_COLUMNS)
        for event in events.values_list(*AUDIT_EXPORT_COLUMNS).iterator(chunk_size=2000):
            yield writer.writerow([escape_cell(value) for value in event])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lindung-audit.csv"'
    return response
