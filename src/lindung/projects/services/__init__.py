"""Writes on projects: each use case validates everything, writes once and audits (R5, R13).

A package by concern (R1: split past about 800 lines); import it as a whole,
``from lindung.projects import services as project_services``:

- ``permissions``: who may change a project and who may record its protection;
- ``inputs``: ``ProjectInput``, its checks and how it is copied onto a project;
- ``calculations``: the contribution and registration deadline from ``lindung.rules``;
- ``projects``: create, update, stage changes, addenda, the public link;
- ``protection``: BPJS registration and contribution payments;
- ``reminders``: the daily deadline reminders;
- ``exports``: the project list exported to XLSX as a background job.
"""

from lindung.projects.services.calculations import compute_contribution, compute_registration_due
from lindung.projects.services.exports import (
    record_csv_export,
    run_project_export,
    start_project_export,
)
from lindung.projects.services.inputs import (
    AUDITED_FIELDS,
    COPIED_INPUT_FIELDS,
    ProjectInput,
    apply_input,
    money_error,
    validate_project_input,
)
from lindung.projects.services.permissions import can_edit_project, can_record_protection
from lindung.projects.services.projects import (
    change_stage,
    create_project,
    record_addendum,
    revoke_public_link,
    save_project,
    update_project,
)
from lindung.projects.services.protection import (
    record_payment,
    record_registration,
    save_payment,
    save_registration,
)
from lindung.projects.services.reminders import (
    REMIND_WITHIN_WORKING_DAYS,
    ReminderResult,
    send_deadline_reminders,
)

__all__ = [
    "AUDITED_FIELDS",
    "COPIED_INPUT_FIELDS",
    "REMIND_WITHIN_WORKING_DAYS",
    "ProjectInput",
    "ReminderResult",
    "apply_input",
    "can_edit_project",
    "can_record_protection",
    "change_stage",
    "compute_contribution",
    "compute_registration_due",
    "create_project",
    "money_error",
    "record_addendum",
    "record_csv_export",
    "record_payment",
    "record_registration",
    "revoke_public_link",
    "run_project_export",
    "save_payment",
    "save_project",
    "save_registration",
    "send_deadline_reminders",
    "start_project_export",
    "update_project",
    "validate_project_input",
]
