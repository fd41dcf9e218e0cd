"""Open-data endpoints at /api/v1/public: aggregate coverage, no login, no personal data."""

from ninja import Router

public_router = Router(tags=["open data"])
