import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon_every_page_links_to(client):
    home = client.get("/").content.decode()

    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert f'<link rel="icon" href="{response["Location"]}" type="image/svg+xml">' in home
    assert "max-age=86400" in response["Cache-Control"]


def test_favicon_ico_only_answers_reading(client):
    assert client.post("/favicon.ico").status_code == 405
