"""The one place the linkage engine opens DuckDB and reads its SQL files."""

from __future__ import annotations

import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

SQL_PACKAGE = "lindung.linkage"


@cache
def sql(name: str) -> str:
    """Return the text of ``sql/<name>.sql``."""
    return resources.files(SQL_PACKAGE).joinpath("sql", f"{name}.sql").read_text("utf-8")


def connect(*, threads: int | None = None, memory_limit: str | None = None) -> Any:
    """Open an in-memory DuckDB connection with the linkage macros loaded."""
    config: dict[str, Any] = {}
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
    # Spill to the system temporary directory, never into the working directory.
    config["temp_directory"] = str(Path(tempfile.gettempdir()) / "lindung-linkage-duckdb")
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET preserve_insertion_order = false")
    con.execute(sql("macros"))
    return con


def run(con: Any, name: str, params: dict[str, Any] | None = None) -> Any:
    """Execute ``sql/<name>.sql`` with bound named parameters."""
    return con.execute(sql(name), params or {})


def frame(con: Any, name_or_query: str, params: dict[str, Any] | None = None) -> Any:
    """Return the result of ``sql/<name>.sql`` (or a fixed query) as a Polars frame."""
    query = name_or_query if " " in name_or_query else sql(name_or_query)
    return con.sql(query, params=params or None).pl()
