"""Checks on uploaded files. The type is read from the file's content, never from its name."""

import filetype
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
COVER_IMAGE_MAX_BYTES = 5 * 1024 * 1024

# What each accepted type is called on the page, by the MIME type its content shows.
ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint presentation",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}
COVER_IMAGE_TYPES = {"image/png", "image/jpeg"}


def sniff_content_type(file: File) -> str | None:
    """The MIME type the file's first bytes show, or None when they show no known type."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8192)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check_size(file: File, limit: int) -> None:
    if file.size is not None and file.size > limit:
        raise ValidationError(
            "The file is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_attachment(file: File) -> None:
    _check_size(file, ATTACHMENT_MAX_BYTES)
    if sniff_content_type(file) not in ATTACHMENT_TYPES:
        raise ValidationError(
            "The file must be a PDF, Word, Excel or PowerPoint document, or a PNG or JPEG image.",
            code="file_type_not_allowed",
        )


def validate_cover_image(file: File) -> None:
    _check_size(file, COVER_IMAGE_MAX_BYTES)
    if sniff_content_type(file) not in COVER_IMAGE_TYPES:
        raise ValidationError("The cover image must be a PNG or JPEG image.", code="file_type_not_allowed")
