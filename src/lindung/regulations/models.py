"""Effective-dated regulation parameters and extra (regional) holidays, stored for admins.

The packaged ``lindung/rules/data/parameters.json`` is loaded into ``ParameterRecord``;
admins add new versions (next year's UMK, a new JP wage cap) with their legal source.
A version is never edited: only the ``valid_to`` of the version it supersedes is closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    PACKAGED = "packaged", _("Shipped with Lindung")
    ADMIN = "admin", _("Added by an administrator")


class ParameterRecord(models.Model):
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=10)
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("legal source"), max_length=500)
    confidence = models.CharField(_("confidence"), max_length=12)
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    data_version = models.CharField(_("data file version"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "valid_from"]
        verbose_name = _("parameter version")
        verbose_name_plural = _("parameter versions")
        constraints = [
            models.UniqueConstraint(fields=["name", "valid_from"], name="parameter_name_from_uniq"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="parameter_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.valid_from}"

    def as_record(self) -> dict[str, object]:
        """Return the flat record ``lindung.rules`` loads parameters from."""
        return {
            "name": self.name,
            "kind": self.kind,
            "value": self.value,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "confidence": self.confidence,
            "note": self.note,
        }


class Holiday(models.Model):
    """A non-working day not in the national calendar (e.g. a regional holiday)."""

    date = models.DateField(_("date"), db_index=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the holiday applies; the province for all of Kalbar."),
    )
    source = models.CharField(_("legal source"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("extra holiday")
        verbose_name_plural = _("extra holidays")
        constraints = [
            models.UniqueConstraint(fields=["date", "region"], name="holiday_date_region_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
