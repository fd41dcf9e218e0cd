"""Bulk imports of projects (column-wise) and of BPJS registrations and payments.

Used by ``lindung.imports``: ``plan_*`` checks every row and returns a plan without
writing; ``commit_*`` writes it inside the caller's durable transaction.

- ``common``: template columns, the plan's interface, progress;
- ``cells``: column-wise cell parsers and identifier checks;
- ``project_checks``: a project form's checks, as column expressions;
- ``contributions``: contributions and deadlines of many projects from ``lindung.rules``;
- ``project_plan`` and ``project_write``: planning and writing a project import;
- ``bpjs``: registrations and payments, row by row.
"""

from lindung.projects.importers.bpjs import BpjsPlan, commit_bpjs, plan_bpjs
from lindung.projects.importers.common import (
    BPJS_COLUMNS,
    BPJS_KEY_COLUMNS,
    PROJECT_COLUMNS,
    ImportPlan,
    Progress,
)
from lindung.projects.importers.project_plan import ProjectPlan, plan_projects
from lindung.projects.importers.project_write import commit_projects

__all__ = [
    "BPJS_COLUMNS",
    "BPJS_KEY_COLUMNS",
    "PROJECT_COLUMNS",
    "BpjsPlan",
    "ImportPlan",
    "Progress",
    "ProjectPlan",
    "commit_bpjs",
    "commit_projects",
    "plan_bpjs",
    "plan_projects",
]
