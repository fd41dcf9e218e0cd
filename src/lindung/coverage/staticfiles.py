"""Serve plotly.js from the installed plotly package as one static file.

Only ``plotly.min.js`` is exposed (as ``lindung/vendor/plotly.min.js``): the package's data
folder also holds widget bundles and sample data that would add megabytes to collectstatic.
The version always matches the plotly package that builds the figures on the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

PLOTLY_STATIC_PATH = "lindung/vendor/plotly.min.js"
_PREFIX, _NAME = PLOTLY_STATIC_PATH.rsplit("/", 1)


def plotly_js_path() -> Path:
    """Return where the installed plotly package keeps its minified plotly.js."""
    return Path(plotly.__file__).parent / "package_data" / _NAME


class PlotlyFinder(BaseFinder):
    """A staticfiles finder that knows one file: the installed package's plotly.min.js."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(plotly_js_path().parent))
        self.storage.prefix = _PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if plotly_js_path().is_file():
            return []
        return [
            Error(
                f"plotly.js is missing at {plotly_js_path()}.",
                hint="Reinstall the plotly package.",
                id="lindung.coverage.E001",
            )
        ]

    # Django's own finders answer [] when nothing matches, whatever ``find_all`` says, and
    # ``finders.find`` relies on it (a None would count as a match); the stubs say None.
    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False
    ) -> str | list[str]:
        if path == PLOTLY_STATIC_PATH and plotly_js_path().is_file():
            found = str(plotly_js_path())
            return [found] if find_all else found
        return []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        if plotly_js_path().is_file():
            yield _NAME, self.storage
