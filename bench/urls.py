from django.http import HttpRequest, HttpResponse
from django.urls import path

from qportal.urls import urlpatterns as portal_urlpatterns

FLOOR_BODY = b"<!doctype html><title>floor</title><p>A constant response for the benchmark's floor.</p>"


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FLOOR_BODY)


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *portal_urlpatterns]
