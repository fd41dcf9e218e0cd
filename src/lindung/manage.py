"""The ``lindung`` console script: Django's management commands under one name."""

import os
import sys


def main() -> None:
    """Run a Django management command, e.g. ``lindung migrate``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.main")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lindung", *sys.argv[1:]])


if __name__ == "__main__":
    main()
