from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import TemplateView, UpdateView

from . import dashboard
from .forms import ProfileForm
from .models import User


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
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, "Your profile has been saved.")
        return super().form_valid(form)
