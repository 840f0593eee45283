from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView

from outbox.services import opted_out_streams

from . import following, services
from .forms import EmailSettingsForm, WelcomeForm
from .models import DigestPreference, Frequency


def safe_next(request) -> str:
    """Where the member was going, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else ""


class EmailSettingsView(LoginRequiredMixin, FormView):
    template_name = "digests/email_settings.html"
    form_class = EmailSettingsForm

    @cached_property
    def preference(self) -> DigestPreference:
        return services.preference_for(self.request.user)

    def get_form_kwargs(self):
        opted_out = opted_out_streams(user=self.request.user)
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.preference, user=self.request.user, opted_out=opted_out)
        if self.request.method == "GET" and "digest" in opted_out:
            kwargs["initial"] = {**kwargs.get("initial", {}), "frequency": Frequency.OFF}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            welcome=self.preference.chosen_at is None,
            next=self._next(),
            preference=self.preference,
            followed=following.followed_by(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        services.email_settings_update(
            preference=form.save(commit=False),
            topics=form.cleaned_data["topics"],
            muted_groups=form.cleaned_data.get("muted_groups", []),
            streams=form.cleaned_data["streams"],
        )
        messages.success(self.request, "Your email settings have been saved.")
        return HttpResponseRedirect(self._next() or reverse("digests:settings"))

    def _next(self) -> str:
        return safe_next(self.request)


class DigestPreviewView(LoginRequiredMixin, TemplateView):
    template_name = "digests/preview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(digest=services.digest_preview(user=self.request.user), **kwargs)


class WelcomeView(LoginRequiredMixin, FormView):
    """The first sign-in's short welcome; both its buttons go on to where the member was going."""

    template_name = "digests/welcome.html"
    form_class = WelcomeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self._next(), **kwargs)

    def post(self, request, *args, **kwargs):
        if "skip" in request.POST:
            services.welcome_skip(user=request.user)
            return HttpResponseRedirect(self._next() or reverse("home"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.welcome_complete(
            user=self.request.user,
            topics=form.cleaned_data["topics"],
            groups=form.cleaned_data.get("groups", []),
            frequency=form.cleaned_data["frequency"],
        )
        messages.success(self.request, "Thank you. You can change what you follow in your email settings at any time.")
        return HttpResponseRedirect(self._next() or reverse("home"))

    def _next(self) -> str:
        return safe_next(self.request)
