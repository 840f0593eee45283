"""The admin site, held to the same rule as every curator page.

Django's own admin login form would let a curator in with a password alone, skipping the
second factor, so the admin never shows it: signing in always goes through the site's account
pages, which ask for the second factor.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .permissions import curator_access, has_mfa


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_mfa(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(wanted)
        stopped = curator_access(request)
        return stopped or HttpResponseRedirect(wanted)
