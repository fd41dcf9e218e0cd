"""Photo checks: the type comes from the content, size and pixel limits hold before decoding,
and what is stored is re-encoded without EXIF."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from lindung.core.errors import ErrorCode
from lindung.outreach import images
from lindung.outreach.errors import PhotoRefused, PhotoTooLarge

GPS_IFD = 0x8825


def jpeg_with_exif(size: tuple[int, int] = (64, 48), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraMerk"  # Make
    exif[0x0131] = "SecretApp 1.0"  # Software
    exif.get_ifd(GPS_IFD)[2] = (0.0, 1.0, 30.0)  # GPSLatitude
    if orientation is not None:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def encoded(kind: str, size: tuple[int, int] = (32, 32), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 128 if mode == "L" else (10, 120, 60)).save(out, kind)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims WIDTH x HEIGHT pixels (an image bomb)."""
    data = bytearray(encoded("PNG", (1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    chunk = bytes(data[ihdr : ihdr + 17])
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return bytes(data)


class TestAccepted:
    def test_jpeg_is_re_encoded_without_exif(self):
        raw = jpeg_with_exif()
        assert b"KameraMerk" in raw
        clean = images.clean_photo(raw)
        assert (clean.format, clean.content_type, clean.extension) == ("JPEG", "image/jpeg", "jpg")
        assert (clean.width, clean.height) == (64, 48)
        assert b"KameraMerk" not in clean.content
        assert b"SecretApp" not in clean.content
        with Image.open(io.BytesIO(clean.content)) as stored:
            assert dict(stored.getexif()) == {}
            assert stored.getexif().get_ifd(GPS_IFD) == {}

    def test_orientation_is_applied_before_the_exif_goes(self):
        # Orientation 6: the camera was turned; the stored photo is upright instead.
        clean = images.clean_photo(jpeg_with_exif((64, 48), orientation=6))
        assert (clean.width, clean.height) == (48, 64)

    @pytest.mark.parametrize(
        ("kind", "content_type"), [("PNG", "image/png"), ("WEBP", "image/webp")]
    )
    def test_png_and_webp(self, kind, content_type):
        clean = images.clean_photo(encoded(kind))
        assert clean.content_type == content_type
        with Image.open(io.BytesIO(clean.content)) as stored:
            assert stored.format == kind

    def test_trailing_data_is_dropped(self):
        raw = encoded("PNG") + b"<script>alert(1)</script>"
        clean = images.clean_photo(raw)
        assert b"<script>" not in clean.content

    def test_large_photos_are_shrunk(self):
        clean = images.clean_photo(encoded("JPEG", (3000, 1500)))
        assert (clean.width, clean.height) == (2560, 1280)

    def test_checksum_is_of_the_stored_bytes(self):
        import hashlib

        clean = images.clean_photo(encoded("PNG"))
        assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()


class TestRefused:
    @pytest.mark.parametrize(
        "content",
        [
            b"GIF89a" + b"\x00" * 40,
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            b"<html><script>alert(1)</script></html>",
            b"MZ\x90\x00\x03\x00\x00\x00",
        ],
        ids=["gif", "pdf", "html", "exe"],
    )
    def test_content_that_is_not_an_accepted_image(self, content):
        with pytest.raises(PhotoRefused) as caught:
            images.clean_photo(content)
        assert caught.value.http_status == 422

    def test_a_real_gif_is_named_as_such(self):
        with pytest.raises(PhotoRefused) as caught:
            images.clean_photo(encoded("GIF"))
        assert "GIF" in caught.value.message

    def test_empty_file(self):
        with pytest.raises(PhotoRefused):
            images.clean_photo(b"")

    def test_oversized_file_is_refused_before_it_is_read(self, settings):
        settings.LINDUNG_MAX_PHOTO_BYTES = 1024
        raw = encoded("PNG", (200, 200), mode="RGB") + b"\x00" * 2048
        with pytest.raises(PhotoTooLarge) as caught:
            images.clean_photo(raw)
        assert caught.value.http_status == 413
        assert caught.value.code == ErrorCode.PAYLOAD_TOO_LARGE
        assert "MB" in caught.value.message

    def test_default_limit_is_five_megabytes(self):
        assert images.max_photo_bytes() == 5 * 1024 * 1024

    @pytest.mark.parametrize(
        ("width", "height"),
        [(8_000, 8_000), (10_000, 10_000), (50_000, 50_000)],
        ids=["over-our-limit", "over-pillow-warning", "over-pillow-error"],
    )
    def test_image_bomb_is_refused_from_its_header(self, width, height):
        bomb = png_claiming(width, height)
        assert len(bomb) < 200
        with pytest.raises(PhotoRefused) as caught:
            images.clean_photo(bomb)
        assert "million pixels" in caught.value.message

    def test_pixel_limit_follows_the_setting(self, settings):
        settings.LINDUNG_MAX_PHOTO_PIXELS = 100
        with pytest.raises(PhotoRefused):
            images.clean_photo(encoded("PNG", (20, 20)))

    def test_truncated_image_is_damaged(self):
        raw = encoded("JPEG", (400, 400))
        with pytest.raises(PhotoRefused) as caught:
            images.clean_photo(raw[: len(raw) // 3])
        assert caught.value.http_status == 422


class TestTruncatedWhateverTheGlobalFlag:
    """WeasyPrint turns on ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process."""

    @pytest.fixture(autouse=True)
    def _lenient_pillow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from PIL import ImageFile

        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    @pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
    def test_cut_off_image_is_refused(self, kind):
        import random

        out = io.BytesIO()
        noise = random.Random(3).randbytes(120 * 90 * 3)
        Image.frombytes("RGB", (120, 90), noise).save(out, kind)
        raw = out.getvalue()
        for cut in (len(raw) // 2, len(raw) - 5):
            with pytest.raises(PhotoRefused):
                images.clean_photo(raw[:cut])
        assert images.clean_photo(raw).format == kind

    def test_progressive_jpeg_with_restart_markers_is_complete(self):
        out = io.BytesIO()
        Image.new("RGB", (300, 200), (5, 150, 60)).save(
            out, "JPEG", progressive=True, restart_marker_blocks=4
        )
        assert images.clean_photo(out.getvalue()).format == "JPEG"
        assert images.clean_photo(jpeg_with_exif()).format == "JPEG"
