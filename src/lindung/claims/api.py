"""Claim endpoints at /api/v1/claims."""

from ninja import Router

router = Router(tags=["claims"])
