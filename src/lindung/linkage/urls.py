"""Reconciliation pages at /rekonsiliasi/."""

app_name = "linkage"

urlpatterns: list[object] = []
