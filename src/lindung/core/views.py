"""Helpers every HTML view uses to render expected errors (R8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lindung.core.errors import ErrorCode, LindungError

if TYPE_CHECKING:
    from django import forms


def apply_errors(form: forms.Form, exc: LindungError) -> None:
    """Attach a service's field errors to the form fields they name (others to the form)."""
    if not exc.errors:
        form.add_error(None, exc.message)
        return
    for error in exc.errors:
        name = str(error.loc[-1]) if error.loc else None
        form.add_error(name if name in form.fields else None, error.msg)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report liveness and whether the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "degraded",
            "database": database,
            "vendor": connection.vendor,
        },
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a malformed or oversized request with a specific 400, as JSON under /api/."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        message = _("The data sent is larger than the %(limit).0f MB allowed.") % {"limit": limit}
        code = ErrorCode.PAYLOAD_TOO_LARGE
    else:
        message = _("The request could not be processed. Check what you entered and try again.")
        code = ErrorCode.BAD_REQUEST
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "errors": []}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
