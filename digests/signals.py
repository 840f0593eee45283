from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import DigestPreference


def ask_for_email_settings_on_first_sign_in(sender, request, user, response=None, **kwargs) -> None:
    """Sends a member who has never chosen their email settings to the short welcome, then on
    to wherever they were going."""
    if not isinstance(response, HttpResponseRedirect):
        return
    if DigestPreference.objects.filter(user=user, chosen_at__isnull=False).exists():
        return
    response["Location"] = f"{reverse('digests:welcome')}?{urlencode({'next': response['Location']})}"
