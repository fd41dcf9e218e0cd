"""Managed denominators, targets and published figures behind the coverage indicators.

Every figure carries its source. Denominators and targets are versioned: a correction is a new
row (``supersedes`` the old one), so earlier reports can be reproduced and the change audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Sector as WorkerSector
from lindung.workers.models import Segment as WorkerSegment

# Sectors and segments are the worker registry's, plus "all" for province-wide figures, so a
# denominator and the registry count the same groups.
ALL = "all"
SECTOR_CHOICES = [(ALL, _("All sectors")), *WorkerSector.choices]
SEGMENT_CHOICES = [(ALL, _("All segments")), *WorkerSegment.choices]
SECTORS = frozenset(value for value, _label in SECTOR_CHOICES)
SEGMENTS = frozenset(value for value, _label in SEGMENT_CHOICES)


class WorkforceDenominator(models.Model):
    """The number of workers in a region, sector and year, from an official source."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=16, choices=SECTOR_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    workers = models.PositiveIntegerField(_("workers"))
    source = models.CharField(_("source"), max_length=300)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "sector", "-year"]
        verbose_name = _("workforce denominator")
        verbose_name_plural = _("workforce denominators")

    def __str__(self) -> str:
        return f"{self.region_id} {self.sector} {self.year}: {self.workers}"


class Target(models.Model):
    """A coverage target (percent of the workforce) for a region, segment and year."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.CharField(_("segment"), max_length=8, choices=SEGMENT_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("legal source"), max_length=300)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "segment", "year"]
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")

    def __str__(self) -> str:
        return f"{self.region_id} {self.segment} {self.year}: {self.percent}%"


class PublishedFigure(models.Model):
    """A coverage figure as published (press, reports), kept to check it against its own parts."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(_("sector"), max_length=16, choices=SECTOR_CHOICES)
    as_of = models.DateField(_("as of"))
    participants = models.PositiveIntegerField(_("participants"))
    workers = models.PositiveIntegerField(_("workers"))
    published_percent = models.DecimalField(
        _("published percentage"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("published coverage figure")
        verbose_name_plural = _("published coverage figures")

    def __str__(self) -> str:
        return f"{self.region_id} {self.sector} {self.as_of}"
