"""Shared API plumbing: authentication for browsers and machine clients, and error rendering."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie

from lindung.core.errors import ErrorCode, LindungError


class BrowserSession(APIKeyCookie):
    """Django's session cookie (CSRF-checked on unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


def error_body(
    code: str, message: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Return the one JSON error shape every API error uses."""
    return {"code": code, "message": message, "errors": errors or []}


def _loc(raw: Any) -> list[Any]:
    # ninja prefixes locations with the parameter source ("body", "query"); keep it for clients.
    return [str(part) if not isinstance(part, int) else part for part in raw]


def install_error_handlers(api: NinjaAPI) -> None:
    """Render every expected error as ``{"code", "message", "errors": [{"loc", "msg"}]}``."""

    @api.exception_handler(LindungError)
    def lindung_error(request: HttpRequest, exc: LindungError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.http_status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"loc": _loc(e.get("loc", [])), "msg": str(e.get("msg", "")), "code": e.get("type", "")}
            for e in exc.errors
        ]
        body = error_body(ErrorCode.VALIDATION, _("The input is not valid."), errors)
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body(ErrorCode.UNAUTHENTICATED, _("Log in or send a valid API token."))
        return api.create_response(request, body, status=401)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, error_body(ErrorCode.NOT_FOUND, _("Not found.")), status=404
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {
            400: ErrorCode.BAD_REQUEST,
            403: ErrorCode.PERMISSION_DENIED,
            404: ErrorCode.NOT_FOUND,
            413: ErrorCode.PAYLOAD_TOO_LARGE,
            429: ErrorCode.RATE_LIMITED,
        }
        code = codes.get(exc.status_code, ErrorCode.BAD_REQUEST)
        return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)
