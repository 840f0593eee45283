from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, UpdateView

from . import dashboard, services, signals
from .forms import DeleteAccountForm, ProfileForm
from .models import DataExport, User


def _member(request: HttpRequest) -> User:
    """The signed-in member, on the views that let only members through."""
    return cast(User, request.user)


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(dashboard_links=dashboard.links(), **kwargs)


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    model = User
    form_class = ProfileForm
    template_name = "members/profile_form.html"
    success_url = reverse_lazy("members:dashboard")

    def get_object(self, queryset=None) -> User:
        return _member(self.request)

    def form_valid(self, form):
        messages.success(self.request, "Your profile has been saved.")
        response = super().form_valid(form)
        if "organisation" in form.changed_data:
            signals.organisation_named.send(sender=User, user=self.object, name=self.object.organisation)
        return response


class DataView(LoginRequiredMixin, TemplateView):
    """Asking for a copy of one's data, and the copies ready to download."""

    template_name = "members/data.html"

    def get_context_data(self, **kwargs):
        exports = list(DataExport.objects.for_member(_member(self.request)).current().defer("content")[:5])
        return super().get_context_data(
            exports=[(export, services.data_export_token(export) if export.is_ready else "") for export in exports],
            **kwargs,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            services.data_export_request(user=_member(request))
        except services.ExportTooSoon:
            messages.warning(request, "You asked for a copy a few minutes ago. It is listed below.")
        else:
            messages.success(
                request, "We are preparing a copy of your data. We will email you a link when it is ready."
            )
        return redirect("members:data")


@never_cache
def data_download(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    export = services.data_export_from_token(token=token, user=request.user)
    if export is None:
        raise Http404("This download link is wrong or has expired. Ask for a new copy of your data.")
    response = HttpResponse(export.content, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate(export.ready_at):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Deleting one's own account, after entering the password (or a second factor) again."""

    form_class = DeleteAccountForm
    template_name = "members/delete_account.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Visitors are sent to sign in first; members to confirm who they are (allauth's page).
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return reauthentication_required(super().dispatch)(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        services.account_delete(user=_member(self.request))
        logout(self.request)
        messages.success(self.request, "Your account has been deleted. Thank you for taking part.")
        return redirect("home")
