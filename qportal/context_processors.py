from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "header_links": navigation.header_links(),
        "main_navigation": navigation.main_navigation(request),
        "footer_navigation": navigation.footer_navigation(request),
    }
