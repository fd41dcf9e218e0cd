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
        # Pillow fills a cut-off image with grey when a library in the process turned on
        # ImageFile.LOAD_TRUNCATED_IMAGES (WeasyPrint does); check the structure ourselves.
        if not _complete(kind, content):
            raise PhotoRefused(params={"reason": _("the image is damaged or incomplete.")})
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


def _complete(kind: str, content: bytes) -> bool:
    """Return whether the file holds the whole image (its end marker is reached)."""
    if kind == "PNG":
        return _png_complete(content)
    if kind == "JPEG":
        return _jpeg_complete(content)
    # WebP: the RIFF header states the size of what follows.
    return len(content) >= 8 and len(content) >= 8 + int.from_bytes(content[4:8], "little")


def _png_complete(content: bytes) -> bool:
    offset = 8  # the signature
    while offset + 12 <= len(content):
        length = int.from_bytes(content[offset : offset + 4], "big")
        kind = content[offset + 4 : offset + 8]
        offset += 12 + length
        if offset > len(content):
            return False
        if kind == b"IEND":
            return True
    return False


_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RSTn carry no length


def _jpeg_complete(content: bytes) -> bool:
    """Walk the JPEG markers (and the entropy-coded scans) up to the end-of-image marker."""
    offset, size = 2, len(content)  # after SOI
    while offset + 1 < size:
        if content[offset] != 0xFF:
            return False
        marker = content[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker == 0xD9:
            return True
        if marker in _STANDALONE:
            offset += 2
            continue
        if offset + 4 > size:
            return False
        offset += 2 + int.from_bytes(content[offset + 2 : offset + 4], "big")
        if marker != 0xDA:
            continue
        # Scan data: skip stuffed 0xFF00 and restart markers until the next real marker.
        while offset + 1 < size:
            if content[offset] == 0xFF and content[offset + 1] not in {0x00, *range(0xD0, 0xD8)}:
                break
            offset += 1
        else:
            return False
    return False


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
