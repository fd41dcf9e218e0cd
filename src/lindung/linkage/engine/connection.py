"""The one place the linkage engine opens DuckDB and reads its SQL files."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

SQL_PACKAGE = "lindung.linkage"
DEFAULT_MEMORY_SHARE = 0.4  # of physical memory, when no memory limit is given
DEFAULT_MEMORY_CAP_MB = 6 * 1024


@cache
def sql(name: str) -> str:
    """Return the text of ``sql/<name>.sql``."""
    return resources.files(SQL_PACKAGE).joinpath("sql", f"{name}.sql").read_text("utf-8")


def default_memory_limit() -> str:
    """Return DuckDB's memory limit when none is given: a share of RAM, at most 6 GB.

    Beyond it DuckDB spills joins and aggregates to disk instead of growing; the engine's
    Python side (the input frames, the results) comes on top.
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return f"{DEFAULT_MEMORY_CAP_MB}MB"
    share = int(total * DEFAULT_MEMORY_SHARE / 2**20)
    return f"{max(min(share, DEFAULT_MEMORY_CAP_MB), 256)}MB"


def connect(*, threads: int | None = None, memory_limit: str | None = None) -> Any:
    """Open an in-memory DuckDB connection with the linkage macros loaded.

    THREADS (None: all cores) and MEMORY_LIMIT (e.g. ``"4GB"``; None: see
    ``default_memory_limit``) bound what the linkage may take from the machine.
    """
    config: dict[str, Any] = {"memory_limit": memory_limit or default_memory_limit()}
    if threads:
        config["threads"] = threads
    # Spill to the system temporary directory, never into the working directory.
    config["temp_directory"] = str(Path(tempfile.gettempdir()) / "lindung-linkage-duckdb")
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET preserve_insertion_order = false")
    con.execute(sql("macros"))
    return con


def run(
    con: Any, name: str, params: dict[str, Any] | None = None, *, as_written: bool = False
) -> Any:
    """Execute ``sql/<name>.sql`` with bound named parameters.

    AS_WRITTEN keeps the joins in the order and on the sides the file writes them (each
    hash table built on the right side): for queries whose sides' sizes DuckDB cannot
    estimate (generated variants against a registry).
    """
    if not as_written:
        return con.execute(sql(name), params or {})
    con.execute("SET disabled_optimizers = 'join_order,build_side_probe_side'")
    try:
        return con.execute(sql(name), params or {})
    finally:
        con.execute("RESET disabled_optimizers")


def frame(con: Any, name_or_query: str, params: dict[str, Any] | None = None) -> Any:
    """Return the result of ``sql/<name>.sql`` (or a fixed query) as a Polars frame."""
    query = name_or_query if " " in name_or_query else sql(name_or_query)
    return con.sql(query, params=params or None).pl()
