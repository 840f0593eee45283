from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest

from .models import User, timezone_names


class SignupForm(AllauthSignupForm):
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
        fields = ["name", "job_title", "organisation", "bio", "profile_visibility", "timezone"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "profile_visibility": forms.RadioSelect,
        }


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and my personal data will be deleted, and that this cannot be undone",
        error_messages={"required": "Tick the box to confirm that you want to delete your account."},
    )
