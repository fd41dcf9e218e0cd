"""Public rules API: contributions, benefits, identifiers and deadlines (no login, rate-limited).

Each route parses its query or body, makes one call to ``regulations.calculations`` and
returns the rule result's ``to_dict()``. Errors come out in the standard error shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.throttling import AnonRateThrottle

from lindung.regulations import calculations
from lindung.regulations.schemas import (
    BeasiswaIn,
    BenefitQuery,
    BpuQuery,
    DeadlineQuery,
    JakonQuery,
    ParametersQuery,
    PuQuery,
    WageBasedIn,
)

DEFAULT_RATE = "60/min"


class RulesRateThrottle(AnonRateThrottle):
    """Per-IP limit read from ``LINDUNG_RULES_API_RATE`` on every request (tests lower it)."""

    scope = "lindung_rules"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, "LINDUNG_RULES_API_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request))


router = Router(tags=["rules"], auth=None, throttle=[RulesRateThrottle()])

Result = dict[str, Any]


def _day(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


@router.get("/jakon", response=Result, summary="Jakon contribution of a contract")
def jakon(request: HttpRequest, q: Query[JakonQuery]) -> Result:
    """Return Jakon JKK and JKM for a contract value, tier by tier, with the legal basis."""
    result = calculations.calculate_jakon(
        contract_value=q.contract_value,
        as_of=_day(q.date),
        vat_amount=q.vat_amount,
        vat_included=q.vat_included,
        base=q.base,
    )
    return result.to_dict()


@router.post("/wage", response=Result, summary="Jakon contribution from known wages")
def wage_based(request: HttpRequest, body: WageBasedIn) -> Result:
    """Return Jakon JKK and JKM from each worker's monthly wage and months charged."""
    workers = [(w.monthly_wage, w.months) for w in body.workers]
    return calculations.calculate_jakon_wage_based(workers=workers, as_of=_day(body.date)).to_dict()


@router.get("/deadline", response=Result, summary="Jakon registration deadline")
def deadline(request: HttpRequest, q: Query[DeadlineQuery]) -> Result:
    """Return the registration due date (14 working days after the SPK) and the days skipped."""
    return calculations.registration_deadline(spk_date=q.spk_date, region_code=q.region).to_dict()


@router.get("/pu", response=Result, summary="Wage earner (PU) contributions")
def pu(request: HttpRequest, q: Query[PuQuery]) -> Result:
    """Return a wage earner's monthly JKK, JKM, JHT, JP and JKP, employer and worker shares."""
    result = calculations.calculate_pu(wage=q.wage, risk_group=q.risk_group, as_of=_day(q.date))
    return result.to_dict()


@router.get("/bpu", response=Result, summary="Informal worker (BPU) contributions")
def bpu(request: HttpRequest, q: Query[BpuQuery]) -> Result:
    """Return an informal worker's JKK, JKM and optional JHT for a declared income."""
    result = calculations.calculate_bpu(
        declared_income=q.income,
        as_of=_day(q.date),
        with_jht=q.jht,
        workers=q.workers,
        months=q.months,
    )
    return result.to_dict()


@router.get("/benefit", response=Result, summary="JKM, JKK, disability, STMB or transport benefit")
def benefit(request: HttpRequest, q: Query[BenefitQuery]) -> Result:
    """Return the components of one benefit with the parameters behind each figure."""
    transport = {
        mode: cost for mode, cost in (("land", q.land), ("sea", q.sea), ("air", q.air)) if cost
    }
    result = calculations.calculate_benefit(
        kind=q.kind,
        as_of=_day(q.date),
        wage=q.wage,
        months=q.months,
        contribution_years=q.contribution_years,
        transport=transport,
    )
    return result.to_dict()


@router.post("/beasiswa", response=Result, summary="Scholarship for a participant's children")
def beasiswa(request: HttpRequest, body: BeasiswaIn) -> Result:
    """Return this year's scholarship per child (JKM death needs 3 years of contributions)."""
    children = [
        calculations.ChildInput(birth_date=c.birth_date, level=c.level, label=c.label)
        for c in body.children
    ]
    result = calculations.calculate_beasiswa(
        children=children,
        cause=body.cause,
        as_of=_day(body.date),
        contribution_years=body.contribution_years,
    )
    return result.to_dict()


@router.get("/nik/{nik}", response=Result, summary="Check a NIK")
def nik(request: HttpRequest, nik: str) -> Result:
    """Validate a NIK and decode its region, birth date and sex."""
    check = calculations.check_identifier(kind="nik", value=nik, as_of=timezone.localdate())
    return check.to_dict()


IdentifierKindParam = Literal["nik", "kpj", "nib", "npwp", "nip"]


@router.get("/identifier/{kind}/{value}", response=Result, summary="Check an identifier")
def identifier(request: HttpRequest, kind: IdentifierKindParam, value: str) -> Result:
    """Validate a NIK, KPJ, NIB, NPWP or NIP; problems are listed, not raised."""
    check = calculations.check_identifier(kind=kind, value=value, as_of=timezone.localdate())
    return check.to_dict()


@router.get("/parameters", response=Result, summary="Parameters in force")
def parameters(request: HttpRequest, q: Query[ParametersQuery]) -> Result:
    """List every regulation parameter in force on a date, with its value and legal source."""
    day = _day(q.date)
    records = calculations.parameters_in_force(as_of=day)
    return {"date": day.isoformat(), "parameters": [r.usage() for r in records]}
