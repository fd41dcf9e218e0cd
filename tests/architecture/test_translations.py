"""Every UI text has its Indonesian translation: the catalog matches what the code uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import lindung

PACKAGE = Path(lindung.__file__).resolve().parent
CATALOG = Path("locale/id/LC_MESSAGES/django.po")


def test_the_indonesian_catalog_translates_every_text_the_code_uses(tmp_path):
    """Extract the texts afresh from a copy of the package, like ``make messages``.

    A new or changed text that was not translated shows in Indonesian as English; a fuzzy
    entry (a text changed since its translation) is not used at all.
    """
    copy = tmp_path / "lindung"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = os.environ | {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "lindung.settings.main"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "id", "--ignore", "rules/*"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is missing (Debian package gettext; .ci/run installs it)"
    stats = subprocess.run(  # noqa: S603 - fixed arguments
        [msgfmt, "--statistics", "-o", os.devnull, str(copy / CATALOG)],
        check=True,
        capture_output=True,
        text=True,
    ).stderr

    advice = f"{stats.strip()}: run `make messages` and translate the new entries"
    assert "fuzzy" not in stats, advice
    assert "untranslated" not in stats, advice
