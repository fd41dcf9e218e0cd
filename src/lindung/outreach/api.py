"""Outreach endpoints at /api/v1/outreach: events, targets and budget scenarios."""

from ninja import Router

router = Router(tags=["outreach"])
