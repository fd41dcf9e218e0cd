"""Who is acting and from where, for the audit trail of the current request."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    """Client address and user agent of the request being served."""

    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("lindung_request_context", default=None)


def current_request_context() -> RequestContext:
    """Return the current request's context, or an empty one outside requests (CLI, tasks)."""
    return _current.get() or RequestContext()


def set_request_context(ctx: RequestContext | None) -> object:
    """Set the context; return a token for ``reset_request_context``."""
    return _current.set(ctx)


def reset_request_context(token: object) -> None:
    """Restore the previous context."""
    _current.reset(token)  # type: ignore[arg-type]
