"""Uploaded files are judged by their content, not their name or declared type, and by size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casestudies.validators import (
    ATTACHMENT_MAX_BYTES,
    COVER_IMAGE_MAX_BYTES,
    validate_attachment,
    validate_cover_image,
)

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("cover.png", SVG, "image/png"),
        ("cover.svg", SVG, "image/svg+xml"),
        ("cover.jpg", HTML, "image/jpeg"),
        ("cover.png", b"GIF89a" + b"\x00" * 20 + b"<script>alert(1)</script>", "image/png"),
        ("cover.png", b"", "image/png"),
    ],
)
def test_a_cover_image_that_is_not_really_a_png_or_jpeg_is_refused(name, content, declared):
    with pytest.raises(ValidationError) as refusal:
        validate_cover_image(SimpleUploadedFile(name, content, content_type=declared))

    assert refusal.value.code == "file_type_not_allowed"


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("report.pdf", HTML, "application/pdf"),
        ("report.html", HTML, "text/html"),
        ("diagram.svg", SVG, "image/svg+xml"),
        ("notes.pdf", b"just some text", "application/pdf"),
        ("macro.docm", b"PK\x03\x04" + b"\x00" * 40, "application/pdf"),
    ],
)
def test_an_attachment_that_is_html_svg_or_unknown_is_refused_whatever_its_name(name, content, declared):
    with pytest.raises(ValidationError):
        validate_attachment(SimpleUploadedFile(name, content, content_type=declared))


def test_a_real_png_is_accepted_even_with_a_misleading_declared_type():
    validate_cover_image(SimpleUploadedFile("photo.png", png_bytes(), content_type="text/html"))


def test_files_over_the_size_limits_are_refused_before_their_content_is_trusted():
    too_big_image = SimpleUploadedFile("big.png", png_bytes() + b"\x00" * COVER_IMAGE_MAX_BYTES)
    too_big_attachment = SimpleUploadedFile("big.png", png_bytes() + b"\x00" * ATTACHMENT_MAX_BYTES)

    with pytest.raises(ValidationError) as image_refusal:
        validate_cover_image(too_big_image)
    with pytest.raises(ValidationError) as attachment_refusal:
        validate_attachment(too_big_attachment)

    assert image_refusal.value.code == attachment_refusal.value.code == "file_too_large"
