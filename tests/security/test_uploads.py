"""Uploaded files are judged by their content, not their name or declared type, and by size; and
as the portal serves them, none can be run by a browser."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from api.export import library_export_write
from casestudies.library.models import Attachment, CaseStudy, Status
from casestudies.library.validators import (
    ATTACHMENT_MAX_BYTES,
    COVER_IMAGE_MAX_BYTES,
    validate_attachment,
    validate_cover_image,
)
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.review_helpers import editor_data
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

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


# --- Uploaded files as the portal serves them -------------------------------------------------------
# With no bucket the web processes serve /media/ themselves (qportal/media.py), with the rule of the
# thing each file belongs to and headers that never let a browser run what a member uploaded.


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def cover_url(client, case_study) -> str:
    html = client.get(f"/case-studies/{case_study.slug}/").content.decode()
    return html.split('class="nhsuk-image__img portal-cover" src="')[1].split('"')[0]


def submit_with_cover(client, name: str, content: bytes, declared: str):
    data = editor_data(cover_image=SimpleUploadedFile(name, content, content_type=declared))
    data["cover_image_alt"] = "The theatre team at their morning huddle"
    return client.post("/case-studies/new/", data)


def assert_never_run_by_a_browser(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_cover_uploaded_through_the_form_is_served_inline_as_the_image_it_is(client, media_root):
    member = UserFactory()
    client.force_login(member)
    submit_with_cover(client, "huddle.png", png_bytes(), "image/png")
    draft = CaseStudy.objects.get(authors__member=member)
    address = "/media/" + draft.cover_image.name

    response = client.get(address)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert b"".join(response.streaming_content) == png_bytes()
    assert_never_run_by_a_browser(response)
    assert client.head(address).status_code == 200
    assert client.post(address).status_code == 405


@pytest.mark.django_db
def test_a_drafts_cover_is_for_its_authors_and_curators_until_it_is_published(client, media_root, curator):
    author, stranger = UserFactory(), UserFactory()
    client.force_login(author)
    submit_with_cover(client, "huddle.png", png_bytes(), "image/png")
    case_study = CaseStudy.objects.get(authors__member=author)
    address = "/media/" + case_study.cover_image.name

    def status_for(user) -> int:
        client.logout()
        if user:
            client.force_login(user)
        return client.get(address).status_code

    assert [status_for(user) for user in (author, curator, stranger, None)] == [200, 200, 404, 404]
    CaseStudy.objects.filter(pk=case_study.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
    assert status_for(None) == 200
    assert cover_url(client, case_study) == address


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [("cover.svg", SVG, "image/svg+xml"), ("cover.html", HTML, "text/html"), ("cover.png", SVG, "image/png")],
)
def test_an_svg_or_html_cover_is_refused_by_the_submission_form_and_nothing_is_kept(
    client, media_root, name, content, declared
):
    client.force_login(UserFactory())

    response = submit_with_cover(client, name, content, declared)

    assert response.status_code == 400
    assert "Cover image: Upload a valid image." in response.content.decode()
    assert not CaseStudy.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [("cover.svg", SVG), ("cover.html", HTML), ("cover.png", SVG)])
def test_an_svg_or_html_group_cover_is_refused_by_the_group_form(client, media_root, name, content):
    group = GroupFactory(slug="flow", name="Flow")
    moderator = UserFactory()
    MembershipFactory(group=group, user=moderator, role="moderator")
    client.force_login(moderator)
    data = {"name": "Flow", "summary": "S", "description": "", "visibility": "open", "cover_image_alt": "A ward"}

    response = client.post("/groups/flow/edit/", {**data, "cover_image": SimpleUploadedFile(name, content)})

    assert response.status_code in {200, 400}
    assert "Upload a valid image." in response.content.decode()
    group.refresh_from_db()
    assert not group.cover_image


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored_as", "content", "expected_type"),
    [
        # However such a file got onto the disk (before a check existed, by hand), it is a download
        # the browser does not render, never SVG or HTML in the site's origin.
        ("diagram.svg", SVG, "application/octet-stream"),
        ("notes.html", HTML, "application/octet-stream"),
        ("script.js", b"alert(1)", "application/octet-stream"),
        # A PDF named .html is sent as the PDF its content shows, not as HTML.
        ("report.html", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        ("report.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ],
)
def test_anything_but_an_image_is_served_as_a_download_with_the_type_its_content_shows(
    client, media_root, stored_as, content, expected_type
):
    case_study = CaseStudyFactory()
    name = default_storage.save(f"case-studies/attachments/2026/11/{stored_as}", ContentFile(content))
    Attachment.objects.bulk_create([Attachment(case_study=case_study, title="Diagram", file=name)])

    response = client.get("/media/" + name)

    assert response.status_code == 200
    assert response["Content-Type"] == expected_type
    assert response["Content-Disposition"] == f'attachment; filename="{name.rsplit("/", 1)[1]}"'
    assert_never_run_by_a_browser(response)


@pytest.mark.django_db
def test_an_attachment_of_an_unpublished_case_study_is_not_served_to_others(client, media_root):
    draft = CaseStudyFactory(status=Status.DRAFT)
    name = default_storage.save("case-studies/attachments/2026/11/plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Attachment.objects.bulk_create([Attachment(case_study=draft, title="Plan", file=name)])

    assert client.get("/media/" + name).status_code == 404
    client.force_login(draft.authors.get().member)
    assert client.get("/media/" + name).status_code == 200


@pytest.mark.django_db
def test_the_open_data_export_is_served_to_anyone_as_a_json_lines_download(client, media_root):
    CaseStudyFactory()
    written = library_export_write()

    response = client.get(written.url)

    assert written.url.startswith("/media/open-data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert_never_run_by_a_browser(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/media/elsewhere/file.png",  # no app keeps files there
        "/media/case-studies/covers/2026/11/not-there.png",
        "/media/case-studies/covers/../../secret.txt",
        "/media/case-studies/covers/%2e%2e/%2e%2e/secret.txt",
        "/media/open-data/../case-studies/attachments/2026/11/plan.pdf",
        "/media/open-data/not-there.jsonl",
    ],
)
def test_files_no_rule_allows_or_outside_the_folders_are_not_found(client, media_root, address):
    (media_root / "secret.txt").write_text("not for anyone")
    (media_root / "elsewhere").mkdir()
    (media_root / "elsewhere" / "file.png").write_bytes(png_bytes())
    draft = CaseStudyFactory(status=Status.DRAFT)
    name = default_storage.save("case-studies/attachments/2026/11/plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Attachment.objects.bulk_create([Attachment(case_study=draft, title="Plan", file=name)])

    response = client.get(address)

    assert response.status_code == 404
    assert b"not for anyone" not in response.content
