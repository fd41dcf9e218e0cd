"""Reconciliation endpoints at /api/v1/reconciliation and the public self-check."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reconciliation"])
public_router = Router(tags=["public"])
