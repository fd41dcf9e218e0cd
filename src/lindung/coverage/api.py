"""Open-data endpoints at /api/v1/public: aggregate coverage, no login, no personal data."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Router

from lindung.core.errors import FieldError
from lindung.coverage import selectors as coverage_selectors
from lindung.coverage.errors import FilterInvalid
from lindung.coverage.schemas import PublicCoverageOut, PublicCoverageRowOut, PublicSourceOut

public_router = Router(tags=["open data"])

# Figures change only when an extract is loaded or a reference figure recorded.
MAX_AGE = 900
SERVER_CACHE = 120


def _parse(year: str | None, sector: str | None) -> tuple[int, str | None]:
    errors: list[FieldError] = []
    parsed = timezone.localdate().year
    if year not in (None, ""):
        try:
            parsed = int(str(year))
        except ValueError:
            parsed = 0
        if not 2000 <= parsed <= 2100:
            errors.append(
                FieldError(("query", "year"), _("The year must be between 2000 and 2100."), "range")
            )
    valid = {*coverage_selectors.SECTOR_LABELS, coverage_selectors.NOT_STATED}
    if sector not in (None, "") and sector not in valid:
        errors.append(
            FieldError(
                ("query", "sector"),
                _("Unknown sector %(sector)s; use one of: %(choices)s.")
                % {"sector": str(sector)[:30], "choices": ", ".join(sorted(valid))},
                "choice",
            )
        )
    if errors:
        raise FilterInvalid(errors=errors)
    return parsed, sector or None


@public_router.get(
    "/coverage",
    response=PublicCoverageOut,
    auth=None,
    summary="Coverage per regency and sector (open data)",
)
def public_coverage(
    request: HttpRequest, year: str | None = None, sector: str | None = None
) -> HttpResponse:
    """Return protected participants per regency/city and sector, with workforce and coverage.

    No personal data and no login. Counts from 1 to 9 are withheld (``participants`` null,
    ``suppressed`` true), with complementary cells so none can be derived from the totals.
    ``?year=`` picks the newest extract of that year (default: this year); ``?sector=`` one
    sector (``all`` for the totals). Cacheable: an ``ETag`` answers ``If-None-Match``.
    """
    parsed_year, parsed_sector = _parse(year, sector)
    # The body is the same for every visitor of a language: built once per SERVER_CACHE
    # seconds (clients may keep it for MAX_AGE anyway), so the endpoint serves hundreds of
    # requests a second.
    key = f"public-coverage:{parsed_year}:{parsed_sector}:{translation.get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = _build(parsed_year, parsed_sector)
        cache.set(key, cached, SERVER_CACHE)
    body, etag, last_modified = cached
    # Labels follow the visitor's language, which the language cookie chooses.
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "Vary": "Accept-Language, Cookie",
    }
    if last_modified:
        headers["Last-Modified"] = last_modified
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    for name, value in headers.items():
        response[name] = value
    return response


def _build(parsed_year: int, parsed_sector: str | None) -> tuple[str, str, str]:
    """Return the response body, its ETag and its Last-Modified date."""
    data = coverage_selectors.public_coverage(year=parsed_year, sector=parsed_sector)
    extract_date = data.extract_date.isoformat() if data.extract_date else None
    body = PublicCoverageOut(
        year=data.year,
        extract_date=extract_date,
        source=PublicSourceOut(
            kind=str(data.source.kind), participants=data.source.label, extract_date=extract_date
        ),
        suppression=_(
            "Counts from 1 to %(max)s are withheld (participants null, suppressed true). Further "
            "cells are withheld so that no withheld count can be worked out from the published "
            "cells and totals (every withheld cell lies on a cycle of withheld cells across its "
            "rows and columns). Totals are published exactly, not rounded."
        )
        % {"max": data.threshold - 1},
        threshold=data.threshold,
        rows=[
            PublicCoverageRowOut(
                region_code=row.region_code,
                region_name=row.region_name,
                sector=row.sector,
                sector_label=row.sector_label,
                participants=row.participants,
                suppressed=row.suppressed,
                workers=row.workers,
                workers_source=row.workers_source,
                coverage_percent=str(row.percent) if row.percent is not None else None,
            )
            for row in data.rows
        ],
    ).model_dump_json()
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    snapshot = data.source.snapshot
    last_modified = ""
    if snapshot is not None and snapshot.loaded_at is not None:
        last_modified = http_date(snapshot.loaded_at.timestamp())
    return body, etag, last_modified
