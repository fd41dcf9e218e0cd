"""The linkage engine: plain files in, links out; no Django."""

from lindung.linkage.engine.link import (
    FIELDS,
    LinkInputError,
    LinkOptions,
    LinkResult,
    link_files,
    link_frames,
    load_side,
    parse_map,
    to_raw,
    write_results,
)
from lindung.linkage.engine.model import Model
from lindung.linkage.engine.normalize import (
    detect_date_format,
    normalize_name,
    normalize_names,
    parse_date,
    parse_nik,
)

__all__ = [
    "FIELDS",
    "LinkInputError",
    "LinkOptions",
    "LinkResult",
    "Model",
    "detect_date_format",
    "link_files",
    "link_frames",
    "load_side",
    "normalize_name",
    "normalize_names",
    "parse_date",
    "parse_map",
    "parse_nik",
    "to_raw",
    "write_results",
]
