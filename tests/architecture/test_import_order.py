"""Every module imports on its own, whatever was imported before it.

Apps import each other's selectors (coverage reads the budget planner, the budget planner
reads the participant source of coverage). A ``from module import Name`` on such a cycle
fails with "partially initialized module" only when the other side happens to be imported
first, so a random test order or a new entry point can break production. This imports each
module of the package first, in a fresh module table (models stay loaded, as Django keeps
them), in one subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "lindung"

SCRIPT = r"""
import importlib, os, sys, traceback
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings.test")
import django
django.setup()
baseline = {name for name in sys.modules if name.startswith("lindung")}
failures = []
for name in sys.argv[1:]:
    for loaded in [n for n in sys.modules if n.startswith("lindung") and n not in baseline]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failures.append(name + ": " + traceback.format_exc(limit=1).strip().splitlines()[-1])
print("\n".join(failures))
sys.exit(1 if failures else 0)
"""


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts
        if "migrations" in parts or "management" in parts or parts[-1] == "__init__":
            continue
        if parts[1] in {"settings", "rules"} or parts[-1] in {"models", "apps", "wsgi", "asgi"}:
            continue
        names.append(".".join(parts))
    return names


def test_every_module_imports_first() -> None:
    modules = _modules()
    assert len(modules) > 100
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, *modules],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
