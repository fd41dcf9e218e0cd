"""Writes: workforce denominators, targets and published figures, versioned and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import User
from lindung.accounts.permissions import Perm, has_perm
from lindung.core.errors import FieldError, ValidationFailed
from lindung.coverage.models import (
    SECTORS,
    SEGMENTS,
    PublishedFigure,
    Target,
    WorkforceDenominator,
)
from lindung.regions.models import Region


class CoverageFigureInvalid(ValidationFailed):
    pass


def _check(actor: User | None) -> None:
    if actor is not None and not has_perm(actor, Perm.MANAGE_REFERENCE_DATA):
        raise ActionNotAllowed()


def _common_errors(region_code: str, source: str, year: int | None) -> list[FieldError]:
    errors = []
    if not Region.objects.filter(code=region_code).exists():
        errors.append(
            FieldError(
                ("region",),
                _("Region %(code)s does not exist.") % {"code": region_code},
                "unknown_region",
            )
        )
    if not source.strip():
        errors.append(FieldError(("source",), _("Cite the source of the figure."), "required"))
    if year is not None and not 2000 <= year <= 2100:
        errors.append(FieldError(("year",), _("The year must be between 2000 and 2100."), "range"))
    return errors


@transaction.atomic(durable=True)
def record_denominator(
    *, actor: User | None, region_code: str, sector: str, year: int, workers: int, source: str
) -> WorkforceDenominator:
    """Record a workforce figure; it supersedes the current one for the same key (audited)."""
    _check(actor)
    errors = _common_errors(region_code, source, year)
    if sector not in SECTORS:
        errors.append(FieldError(("sector",), _("Unknown sector."), "choice"))
    if workers <= 0:
        errors.append(FieldError(("workers",), _("Must be more than zero."), "not_positive"))
    if errors:
        raise CoverageFigureInvalid(errors=errors)
    current = WorkforceDenominator.objects.filter(
        region_id=region_code, sector=sector, year=year, superseded_by__isnull=True
    ).first()
    if current is not None and (current.workers, current.source) == (workers, source.strip()):
        return current
    row = WorkforceDenominator.objects.create(
        region_id=region_code,
        sector=sector,
        year=year,
        workers=workers,
        source=source.strip(),
        supersedes=current,
        created_by=actor,
    )
    account_services.record_audit(
        actor=actor,
        action="coverage.denominator",
        entity_type="workforce_denominator",
        entity_id=row.pk,
        region_code=region_code,
        changes={
            "before": {"workers": current.workers if current else None},
            "after": {"workers": workers, "sector": sector, "year": year, "source": source},
        },
    )
    return row


@transaction.atomic(durable=True)
def record_target(
    *, actor: User | None, region_code: str, segment: str, year: int, percent: Decimal, source: str
) -> Target:
    """Record a coverage target; it supersedes the current one for the same key (audited)."""
    _check(actor)
    errors = _common_errors(region_code, source, year)
    if segment not in SEGMENTS:
        errors.append(FieldError(("segment",), _("Unknown segment."), "choice"))
    if not Decimal(0) < percent <= Decimal(100):
        errors.append(FieldError(("percent",), _("A target is between 0 and 100%."), "range"))
    if errors:
        raise CoverageFigureInvalid(errors=errors)
    current = Target.objects.filter(
        region_id=region_code, segment=segment, year=year, superseded_by__isnull=True
    ).first()
    if current is not None and (current.percent, current.source) == (percent, source.strip()):
        return current
    row = Target.objects.create(
        region_id=region_code,
        segment=segment,
        year=year,
        percent=percent,
        source=source.strip(),
        supersedes=current,
        created_by=actor,
    )
    account_services.record_audit(
        actor=actor,
        action="coverage.target",
        entity_type="coverage_target",
        entity_id=row.pk,
        region_code=region_code,
        changes={
            "before": {"percent": str(current.percent) if current else None},
            "after": {"percent": str(percent), "segment": segment, "year": year, "source": source},
        },
    )
    return row


@transaction.atomic(durable=True)
def record_published_figure(
    *,
    actor: User | None,
    region_code: str,
    sector: str,
    as_of: date,
    participants: int,
    workers: int,
    published_percent: Decimal | None,
    source: str,
) -> PublishedFigure:
    """Record a figure as published, so the dashboard can check it against its own parts."""
    _check(actor)
    errors = _common_errors(region_code, source, None)
    if sector not in SECTORS:
        errors.append(FieldError(("sector",), _("Unknown sector."), "choice"))
    if participants < 0 or workers <= 0:
        errors.append(FieldError(("workers",), _("Must be more than zero."), "not_positive"))
    if errors:
        raise CoverageFigureInvalid(errors=errors)
    figure, created = PublishedFigure.objects.get_or_create(
        region_id=region_code,
        sector=sector,
        as_of=as_of,
        source=source.strip(),
        defaults={
            "participants": participants,
            "workers": workers,
            "published_percent": published_percent,
        },
    )
    if created:
        account_services.record_audit(
            actor=actor,
            action="coverage.published_figure",
            entity_type="published_figure",
            entity_id=figure.pk,
            region_code=region_code,
            changes={"after": {"participants": participants, "workers": workers}},
        )
    return figure
