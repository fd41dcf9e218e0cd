"""The typed error tree every layer raises and every edge renders (R8).

A ``LindungError`` carries a machine code, an HTTP status, a translatable message
template with named placeholders, and optionally a list of field errors. Edges
render it once: the ninja handler as ``{"code", "message", "errors"}`` JSON, the
HTML views as a message or a form error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    """Stable machine-readable error codes, shared by the API and the UI."""

    BAD_REQUEST = "bad_request"
    VALIDATION = "validation_error"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    UNAUTHENTICATED = "unauthenticated"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    IMMUTABLE = "immutable"


@dataclass(frozen=True)
class FieldError:
    """One problem with one input location (``loc`` as in the API error shape)."""

    loc: tuple[str | int, ...]
    msg: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape used by the API."""
        return {"loc": list(self.loc), "msg": self.msg, "code": self.code}


@dataclass
class LindungError(Exception):
    """Base of every expected error; never a 500."""

    params: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    code: ClassVar[ErrorCode] = ErrorCode.BAD_REQUEST
    http_status: ClassVar[int] = 400
    message_template: ClassVar[str | Promise] = _("The request could not be processed.")

    @property
    def message(self) -> str:
        """Return the translated message with its parameters filled in."""
        return (
            str(self.message_template) % self.params if self.params else str(self.message_template)
        )

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        """Return the API error body."""
        return {
            "code": str(self.code),
            "message": self.message,
            "errors": [e.as_dict() for e in self.errors],
        }


class ValidationFailed(LindungError):
    """Input failed validation; ``errors`` lists every problem found."""

    code = ErrorCode.VALIDATION
    http_status = 422
    message_template = _("The input is not valid.")


class NotFound(LindungError):
    """The object does not exist or is outside the actor's scope (same answer for both)."""

    code = ErrorCode.NOT_FOUND
    http_status = 404
    message_template = _("Not found.")


class PermissionDenied(LindungError):
    """The actor may see the object but not perform this action."""

    code = ErrorCode.PERMISSION_DENIED
    http_status = 403
    message_template = _("You are not allowed to do this.")


class Conflict(LindungError):
    """The request conflicts with the current state."""

    code = ErrorCode.CONFLICT
    http_status = 409
    message_template = _("The request conflicts with the current state.")


class Immutable(LindungError):
    """An append-only record was asked to change."""

    code = ErrorCode.IMMUTABLE
    http_status = 409
    message_template = _("This record cannot be changed or deleted.")
