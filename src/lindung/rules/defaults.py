"""The packaged default parameters (read-only package data, never the database)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from lindung.rules.parameters import ParameterSet, load_parameters

DATA_FILE = "parameters.json"


def default_parameters_text() -> str:
    """Return the packaged parameters.json text."""
    return resources.files("lindung.rules").joinpath("data", DATA_FILE).read_text("utf-8")


@cache
def default_parameters() -> ParameterSet:
    """Return the parameters shipped with the package (cached: the file never changes)."""
    return load_parameters(default_parameters_text())
