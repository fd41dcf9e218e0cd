"""Checking and cleaning uploaded event photos.

The type is read from the content, never from the file name or the browser's claim; only
JPEG, PNG and WebP are taken. The pixel count is checked from the header before any pixel
is decoded, so a small file that would expand to gigabytes (an image bomb) is refused
cheaply. Accepted photos are decoded, turned upright, shrunk to a sensible size and
re-encoded, which drops EXIF (GPS position, camera serial) and anything hidden after the
image data.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lindung.outreach.errors import PhotoRefused, PhotoTooLarge

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
# Photos are kept for reports, not for print: the long side is shrunk to this.
MAX_EDGE = 2560


def max_photo_bytes() -> int:
    """Return the largest upload accepted (``LINDUNG_MAX_PHOTO_BYTES``, 5 MB by default)."""
    return int(getattr(settings, "LINDUNG_MAX_PHOTO_BYTES", DEFAULT_MAX_BYTES))


def max_photo_pixels() -> int:
    """Return the largest width x height accepted (``LINDUNG_MAX_PHOTO_PIXELS``)."""
    return int(getattr(settings, "LINDUNG_MAX_PHOTO_PIXELS", DEFAULT_MAX_PIXELS))


@dataclass(frozen=True)
class CleanPhoto:
    """A re-encoded photo ready to store."""

    content: bytes
    format: str
    content_type: str
    extension: str
    width: int
    height: int
    sha256: str


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def clean_photo(content: bytes) -> CleanPhoto:
    """Check an uploaded photo by its content and return it re-encoded without metadata.

    Raise ``PhotoTooLarge`` for a file over the size limit and ``PhotoRefused`` for
    anything that is not a JPEG, PNG or WebP image, is damaged, or has too many pixels.
    """
    limit = max_photo_bytes()
    if len(content) > limit:
        raise PhotoTooLarge(
            params={
                "reason": _("the file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": _megabytes(len(content)), "limit": _megabytes(limit)}
            }
        )
    if not content:
        raise PhotoRefused(params={"reason": _("the file is empty.")})
    pixels_limit = max_photo_pixels()
    with warnings.catch_warnings():
        # Pillow's own bomb guard warns first; treat its warning as a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content)) as probe:
                kind = probe.format or ""
                width, height = probe.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(params={"reason": _too_many_pixels(pixels_limit)}) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise PhotoRefused(
                params={"reason": _("the file is not a JPEG, PNG or WebP image.")}
            ) from None
        if kind not in FORMATS:
            raise PhotoRefused(
                params={
                    "reason": _("%(kind)s images are not accepted; send a JPEG, PNG or WebP.")
                    % {"kind": kind or "?"}
                }
            )
        if width <= 0 or height <= 0 or width * height > pixels_limit:
            raise PhotoRefused(params={"reason": _too_many_pixels(pixels_limit)})
        try:
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(params={"reason": _too_many_pixels(pixels_limit)}) from None
        except (OSError, ValueError, SyntaxError):
            raise PhotoRefused(
                params={"reason": _("the image is damaged or incomplete.")}
            ) from None
    return _encode(upright, kind)


def _too_many_pixels(limit: int) -> str:
    return _("the image has more than %(limit)s million pixels.") % {
        "limit": f"{limit / 1_000_000:g}"
    }


def _encode(image: Image.Image, kind: str) -> CleanPhoto:
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        mode = image.mode if image.mode in {"RGB", "RGBA", "L", "LA", "P"} else "RGBA"
        image.convert(mode).save(out, "PNG", optimize=True)
    else:
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        image.convert(mode).save(out, "WEBP", quality=85)
    data = out.getvalue()
    return CleanPhoto(
        content=data,
        format=kind,
        content_type=FORMATS[kind],
        extension=EXTENSIONS[kind],
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )
