"""Middleware that records the request's origin for audit rows."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse

from lindung.core.request_context import (
    RequestContext,
    reset_request_context,
    set_request_context,
)


def client_ip(request: HttpRequest) -> str | None:
    """Return the client address as seen by Django (proxies must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Expose the client IP and user agent to services for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_context(
            RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:400],
                path=request.path[:400],
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)


class LindungErrorMiddleware:
    """Render an uncaught expected error in an HTML view as its 4xx page, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from lindung.core.errors import LindungError

        if not isinstance(exception, LindungError) or request.path.startswith("/api/"):
            return None
        template = {404: "404.html", 403: "403.html"}.get(exception.http_status, "400.html")
        response = render(
            request,
            template,
            {"message": exception.message, "errors": exception.errors},
            status=exception.http_status,
        )
        if request.headers.get("HX-Request"):
            # htmx does not swap error pages in: app.js shows this message instead.
            response["X-Error-Message"] = quote(str(exception.message))
        return response


class IgnoreBrowserLanguageMiddleware:
    """Serve Bahasa Indonesia unless the user chose a language (cookie), whatever the browser says.

    Officials often use browsers set to English; the product's default language is Indonesian.
    Must run before Django's LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
