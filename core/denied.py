"""The page that says why something was refused, shared by every app."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def denied(request: HttpRequest, message: str, *, back_url: str, back_label: str, status: int = 403) -> HttpResponse:
    """A page that says why, so that a member acting from an old page knows what happened, and
    where to go next."""
    context = {"message": message, "back_url": back_url, "back_label": back_label}
    return TemplateResponse(request, "denied.html", context, status=status)
