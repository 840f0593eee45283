from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileUpdateView.as_view(), name="profile"),
    path("data/", views.DataView.as_view(), name="data"),
    path("data/<str:token>/", views.data_download, name="data_download"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete"),
]
