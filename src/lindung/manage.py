"""The ``lindung`` console script: Django's management commands under one name."""

import os
import sys
from pathlib import Path


def _ensure_sqlite_directory() -> None:
    # The embedded database lives in var/ by default; create the folder so the first
    # command on a fresh clone (even `lindung rules ...` before `migrate`) can open it.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = str(database["NAME"])
        if name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)


def main() -> None:
    """Run a Django management command, e.g. ``lindung migrate``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.main")
    from django.core.management import execute_from_command_line

    _ensure_sqlite_directory()
    execute_from_command_line(["lindung", *sys.argv[1:]])


if __name__ == "__main__":
    main()
