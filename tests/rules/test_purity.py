"""The rules package stays pure: no Django, no other apps, no clock, no floats, no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lindung.rules as rules

PACKAGE = Path(rules.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))
ALLOWED_THIRD_PARTY = {"holidays"}
STDLIB = {
    "__future__",
    "calendar",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "functools",
    "importlib",
    "itertools",
    "json",
    "typing",
}
FORBIDDEN_CALLS = {"today", "now", "utcnow", "float", "open", "getenv"}


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


class TestPurity:
    @pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
    def test_imports_only_stdlib_holidays_and_itself(self, path):
        tree = ast.parse(path.read_text("utf-8"))
        for module in _imports(tree):
            top = module.split(".")[0]
            if top == "lindung":
                assert module.startswith("lindung.rules"), module
            else:
                assert top in STDLIB | ALLOWED_THIRD_PARTY, module

    @pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
    def test_no_clock_float_or_io_calls(self, path):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}"


class TestPublicApi:
    def test_all_names_exist(self):
        missing = [name for name in rules.__all__ if not hasattr(rules, name)]
        assert missing == []

    def test_all_is_unique(self):
        assert len(rules.__all__) == len(set(rules.__all__))

    def test_public_functions_have_docstrings(self):
        for name in rules.__all__:
            obj = getattr(rules, name)
            if callable(obj) and not isinstance(obj, type):
                assert obj.__doc__, name
