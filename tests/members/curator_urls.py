"""The site's URLs plus two stand-in curator pages, one per way of protecting them."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from members.permissions import CuratorRequiredMixin, curator_required
from qportal.urls import urlpatterns as site_urlpatterns


class CuratorPage(CuratorRequiredMixin, View):
    def get(self, request):
        return HttpResponse("curator page")


@curator_required
def curator_function_page(request):
    return HttpResponse("curator function page")


urlpatterns = [
    path("test-curator/class/", CuratorPage.as_view(), name="test_curator_class"),
    path("test-curator/function/", curator_function_page, name="test_curator_function"),
    *site_urlpatterns,
]
