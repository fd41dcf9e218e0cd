"""Ninja schemas of the public rules API: query parameters and request bodies.

Amounts are text so Indonesian thousands dots (``1.250.000``) are accepted and every
amount problem is reported by the rules with the field named.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class JakonQuery(Schema):
    contract_value: str = Field(..., description="Contract value in rupiah, e.g. 350000000")
    date: dt.date | None = Field(None, description="Date the rates apply on (default: today)")
    vat_amount: str | None = Field(None, description="VAT (PPN) amount, if known")
    vat_included: bool = Field(True, description="Whether the contract value includes the VAT")
    base: Literal["as_entered", "excluding_vat", "including_vat"] | None = Field(
        None, description="Which value the tiers apply to (default: the parameter in force)"
    )


class DeadlineQuery(Schema):
    spk_date: dt.date = Field(..., description="Date of the SPK (work order)")
    region: str = Field("61", description="Region code for regional holidays, e.g. 61.71")


class PuQuery(Schema):
    wage: str = Field(..., description="Monthly wage in rupiah")
    risk_group: Literal["very_low", "low", "medium", "high", "very_high"] = "very_low"
    date: dt.date | None = None


class BpuQuery(Schema):
    income: str = Field(..., description="Declared monthly income in rupiah")
    jht: bool = Field(False, description="Include the optional JHT")
    workers: int = 1
    months: int = 1
    date: dt.date | None = None


class BenefitQuery(Schema):
    kind: Literal["jkm_death", "jkk_death", "total_disability", "stmb", "transport"]
    wage: str | None = Field(None, description="Monthly wage (JKK death, disability, STMB)")
    months: int | None = Field(None, description="Months of incapacity (STMB)")
    contribution_years: str | None = Field(None, description="Years of contributions (JKM)")
    land: str | None = Field(None, description="Transport cost by land, river or lake")
    sea: str | None = Field(None, description="Transport cost by sea")
    air: str | None = Field(None, description="Transport cost by air")
    date: dt.date | None = None


class ParametersQuery(Schema):
    date: dt.date | None = None


class ChildIn(Schema):
    birth_date: dt.date
    level: Literal["TK", "SD", "SMP", "SMA", "PT"] | None = None
    label: str = ""


class BeasiswaIn(Schema):
    cause: Literal["jkm_death", "jkk_death", "jkk_total_disability"] = "jkm_death"
    contribution_years: str | None = None
    children: list[ChildIn] = Field(..., max_length=10)
    date: dt.date | None = None


class WageWorkerIn(Schema):
    monthly_wage: str
    months: int


class WageBasedIn(Schema):
    workers: list[WageWorkerIn] = Field(..., max_length=1000)
    date: dt.date | None = None
