"""West Kalimantan's administrative regions, keyed by dotted Kemendagri code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


LEVEL_DEPTH = {
    RegionLevel.PROVINCE: 1,
    RegionLevel.REGENCY: 2,
    RegionLevel.DISTRICT: 3,
    RegionLevel.VILLAGE: 4,
}


class Region(models.Model):
    """A province, regency/city, district (kecamatan) or village (desa/kelurahan)."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "code"], name="region_level_code_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=[c.value for c in RegionLevel]),
                name="region_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def parent_code(self) -> str | None:
        """Return the parent's code without a query."""
        return self.parent_id

    def contains(self, code: str) -> bool:
        """Return whether ``code`` is this region or lies inside it."""
        return is_within(code, self.code)


def is_within(code: str, scope_code: str) -> bool:
    """Return whether region ``code`` equals ``scope_code`` or is nested inside it."""
    return code == scope_code or code.startswith(scope_code + ".")
