from allauth.account import forms as allauth_forms
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest

from .models import User, timezone_names


class PortalLabels:
    """allauth's labels in the portal's voice: sentence case ("New password", not "New Password")."""

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
    field_order = ["name", "email", "password1", "password2"]

    def save(self, request: HttpRequest) -> User:
        user = super().save(request)
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])
        return user


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(choices=[(name, name.replace("_", " ")) for name in timezone_names()])

    class Meta:
        model = User
        fields = ["name", "job_title", "organisation", "bio", "timezone"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
        }


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and my personal data will be deleted, and that this cannot be undone",
        error_messages={"required": "Tick the box to confirm that you want to delete your account."},
    )
