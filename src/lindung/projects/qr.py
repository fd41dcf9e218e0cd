"""QR codes for a project's public verification page (segno): PNG, SVG and inline SVG."""

from __future__ import annotations

import io

import segno


def _code(url: str) -> segno.QRCode:
    # Level M survives a dirty or partly torn site board.
    return segno.make(url, error="m", micro=False)


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """Return the QR code of ``url`` as a PNG."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(url: str, *, scale: int = 10) -> bytes:
    """Return the QR code of ``url`` as a standalone SVG document."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=scale, border=4, xmldecl=True, title=url)
    return out.getvalue()


def qr_svg_inline(url: str) -> str:
    """Return the QR code of ``url`` as SVG markup to embed in an HTML page (scales to its box)."""
    return str(_code(url).svg_inline(scale=10, border=2, omitsize=True))
