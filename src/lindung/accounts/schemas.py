"""API schemas for accounts. Personal fields are masked unless revealed."""

from datetime import datetime

from ninja import Schema


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    region_code: str
    region_name: str
    organization: str


class TokenIn(Schema):
    name: str
    expires_at: datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    key: str
