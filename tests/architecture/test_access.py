"""Personal data is read only through its app's scoped access functions (R12)."""

from __future__ import annotations

import ast
from pathlib import Path

import lindung

SRC = Path(lindung.__file__).parent

# Model name -> the modules allowed to query it directly.
PII_MODELS = {
    "User": {"accounts/selectors.py", "accounts/services.py", "accounts/models.py"},
    "Worker": {"workers/selectors.py", "workers/services.py", "workers/models.py"},
    "ClaimBeneficiary": {"claims/selectors.py", "claims/services/cases.py", "claims/models.py"},
    "ClaimCase": {"claims/selectors.py", "claims/services/cases.py", "claims/models.py"},
    "EventAttendee": {"outreach/selectors.py", "outreach/services.py", "outreach/models.py"},
    "FollowUpContact": {"outreach/selectors.py", "outreach/services.py", "outreach/models.py"},
    "Participant": {
        "participants/selectors.py",
        "participants/services.py",
        "participants/models.py",
    },
    **{
        model: {"linkage/selectors.py", "linkage/services.py", "linkage/models.py"}
        for model in ("WorkerStatus", "ReviewCandidate", "LinkDecision")
    },
}


def _direct_queries(model: str) -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"objects", "_default_manager"}
                and isinstance(node.value, ast.Name)
                and node.value.id == model
            ):
                found.add(rel)
    return found


class TestPersonalDataAccess:
    def test_pii_models_are_queried_only_in_their_selectors_and_services(self):
        for model, allowed in PII_MODELS.items():
            assert _direct_queries(model) <= allowed, model

    def test_audit_rows_are_written_only_by_record_audit(self):
        assert _direct_queries("AuditEvent") <= {
            "accounts/services.py",
            "accounts/selectors.py",
            "accounts/models.py",
        }
