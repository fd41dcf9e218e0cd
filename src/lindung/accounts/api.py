"""Account endpoints and bearer-token authentication for machine clients."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import HttpBearer

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.models import ApiToken, User
from lindung.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut

router = Router(tags=["accounts"])


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer lin_...``: hashed at rest, revocable, scoped like its user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = account_services.authenticate_api_token(key=token)
        if user is not None:
            request.user = user
        return user


def actor_of(request: HttpRequest) -> User:
    """Return the authenticated actor of an API request."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)  # noqa: S101 - ninja only calls the view once auth succeeded
    return user


@router.get("/me", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    """Return the authenticated user's role and scope."""
    actor = actor_of(request)
    return {
        "username": actor.username,
        "full_name": actor.get_full_name(),
        "role": actor.role,
        "role_label": actor.get_role_display(),
        "region_code": actor.region_code,
        "region_name": actor.region.name,
        "organization": actor.organization,
    }


@router.get("/tokens", response=list[TokenOut], summary="My API tokens")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    """List the API tokens the actor owns."""
    actor = actor_of(request)
    return list(account_selectors.readable_api_tokens(actor=actor).filter(user=actor))


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token")
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Create a token; its key is returned once and stored only as a hash."""
    token, key = account_services.issue_api_token(
        actor=actor_of(request), name=payload.name, expires_at=payload.expires_at
    )
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "key": key})


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Revoke an API token")
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    """Revoke a token immediately."""
    return account_services.revoke_api_token(actor=actor_of(request), token_id=token_id)
