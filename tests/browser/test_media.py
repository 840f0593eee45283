"""Uploaded files as the production server serves them: a cover image uploaded through the
submission form shows on the page, and comes with headers that never let a browser run an upload."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import new_page, sign_in
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_cover_is_shown_to_its_author_as_an_inert_image_and_to_nobody_else(page, live, browser):
    sign_in(page, UserFactory())
    page.goto(live("/case-studies/new/?layout=one-page"))
    page.get_by_label("Title", exact=True).first.fill("Huddles before theatre lists")
    page.get_by_label("Cover image (optional)").set_input_files(
        {"name": "huddle.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_label("Cover image description").fill("The theatre team at their morning huddle")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("is saved as a draft")).to_be_visible()

    page.goto(page.url.removesuffix("edit/"))  # the draft's own page, which its author may see
    cover = page.get_by_role("img", name="The theatre team at their morning huddle")
    expect(cover).to_be_visible()
    assert cover.evaluate("image => image.naturalWidth") == 40
    address = cover.get_attribute("src")
    served = page.request.get(live(address))

    assert served.status == 200
    assert served.headers["content-type"] == "image/png"
    assert served.headers["content-disposition"].startswith("inline;")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert served.body() == png()
    stranger = new_page(browser, javascript=True)
    assert stranger.request.get(live(address)).status == 404  # a draft's file, like the draft
    stranger.context.close()
