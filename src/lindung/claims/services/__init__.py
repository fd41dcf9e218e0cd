"""Writes of claim cases: record, correct, checklist, steps, beneficiaries, reveals, handovers
and stories. Each public use case is one durable transaction with its audit rows (R5, R13);
notifications go out after the commit (R6). Import the package, not its modules:
``from lindung.claims import services as claim_services``.
"""

from lindung.claims.services.cases import (
    RevealedCase,
    add_beneficiary,
    move_case,
    recalculate_case,
    record_case,
    remove_beneficiary,
    reveal_case,
    set_document,
    update_case,
)
from lindung.claims.services.ceremonies import personal_data_in, record_handover, save_story
from lindung.claims.services.inputs import (
    BeneficiaryInput,
    BenefitInputs,
    CaseInput,
    CaseUpdate,
    HandoverInput,
    StoryInput,
    audit_view,
    can_manage,
    can_report,
)
from lindung.claims.services.protection import (
    Protection,
    assess_protection,
    notify_unprotected,
    protection_text,
)

__all__ = [
    "BeneficiaryInput",
    "BenefitInputs",
    "CaseInput",
    "CaseUpdate",
    "HandoverInput",
    "Protection",
    "RevealedCase",
    "StoryInput",
    "add_beneficiary",
    "assess_protection",
    "audit_view",
    "can_manage",
    "can_report",
    "move_case",
    "notify_unprotected",
    "personal_data_in",
    "protection_text",
    "recalculate_case",
    "record_case",
    "record_handover",
    "remove_beneficiary",
    "reveal_case",
    "save_story",
    "set_document",
    "update_case",
]
