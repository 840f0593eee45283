from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest
from django.urls import reverse_lazy

from .models import User, timezone_names, validate_organisation_name
from .signals import organisation_named


class OrganisationInput(forms.TextInput):
    """A text box for an organisation's name, with a list of the organisations the portal knows
    offered as the member types (htmx fills the list from the library's address). Without
    JavaScript the name typed is matched when the form is saved."""

    template_name = "includes/forms/organisation_input.html"
    # By the address's name, as templates link to it: the URLconf resolves it when a form is
    # drawn, so members imports nothing from the library that serves it.
    suggest_url = reverse_lazy("casestudies:organisation_suggest")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        suggestions = f"{widget_attrs.get('id', name)}-suggestions"
        widget_attrs.update(
            {
                "autocomplete": "organization",
                "list": suggestions,
                "data-hx-get": str(self.suggest_url),
                "data-hx-trigger": "input changed delay:250ms",
                "data-hx-target": f"#{suggestions}",
                "data-hx-swap": "innerHTML",
                "data-hx-sync": "this:replace",
            }
        )
        context["suggestions_id"] = suggestions
        return context


ORGANISATION_HELP = (
    "Start typing and choose it from the list if it is there; if not, give its full name and we will add it."
)


class PortalLabels:
    """allauth's labels in the portal's voice: sentence case ("New password", not "New Password")."""

    fields: dict[str, forms.Field]  # the form's, which this mixes into
    LABELS = {
        "login": "Email address",
        "email": "Email address",
        "password": "Password",
        "oldpassword": "Current password",
        "remember": "Keep me signed in on this device",
        "password2": "Confirm password",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.LABELS:
                field.label = self.LABELS[name]
            elif field.label:
                field.label = field.label[0] + field.label[1:].lower()
            # allauth writes a placeholder that repeats the label; NHS.UK forms use none.
            field.widget.attrs.pop("placeholder", None)


class LoginForm(PortalLabels, allauth_forms.LoginForm):
    pass


class ChangePasswordForm(PortalLabels, allauth_forms.ChangePasswordForm):
    LABELS = {**PortalLabels.LABELS, "password1": "New password", "password2": "Confirm new password"}


class SetPasswordForm(PortalLabels, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(PortalLabels, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(PortalLabels, allauth_forms.ResetPasswordKeyForm):
    LABELS = {**PortalLabels.LABELS, "password1": "New password", "password2": "Confirm new password"}


class AddEmailForm(PortalLabels, allauth_forms.AddEmailForm):
    pass


class ReauthenticateForm(PortalLabels, allauth_forms.ReauthenticateForm):
    pass


class SignupForm(PortalLabels, AllauthSignupForm):
    name = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="Shown with what you share, for example ‘Priya Shah’.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=500,
        required=False,
        help_text=ORGANISATION_HELP,
        validators=[validate_organisation_name],
        widget=OrganisationInput,
    )
    field_order = ["name", "email", "password1", "password2", "job_title", "organisation"]

    def save(self, request: HttpRequest) -> User:
        user = super().save(request)
        user.name = self.cleaned_data["name"].strip()
        user.job_title = self.cleaned_data["job_title"].strip()
        user.organisation = " ".join(self.cleaned_data["organisation"].split())
        user.save(update_fields=["name", "job_title", "organisation"])
        if user.organisation:
            organisation_named.send(sender=User, user=user, name=user.organisation)
        return user


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(choices=[(name, name.replace("_", " ")) for name in timezone_names()])
    # Longer than the column, so that an over-long name gets our message rather than the browser cutting it.
    organisation = forms.CharField(
        max_length=500,
        required=False,
        help_text=ORGANISATION_HELP,
        validators=[validate_organisation_name],
        widget=OrganisationInput,
    )

    class Meta:
        model = User
        fields = ["name", "job_title", "organisation", "bio", "profile_visibility", "timezone"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "profile_visibility": forms.RadioSelect,
        }


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and my personal data will be deleted, and that this cannot be undone",
        error_messages={"required": "Tick the box to confirm that you want to delete your account."},
    )
