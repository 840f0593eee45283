from django.urls import path

from . import views

app_name = "digests"

urlpatterns = [
    path("me/settings/email/", views.EmailSettingsView.as_view(), name="settings"),
    path("me/welcome/", views.WelcomeView.as_view(), name="welcome"),
    path("me/settings/email/preview/", views.DigestPreviewView.as_view(), name="preview"),
]
