from django.urls import path

from . import organisation_views, views

app_name = "people"

urlpatterns = [
    path("members/", views.DirectoryView.as_view(), name="directory"),
    path("members/<int:pk>/", views.ProfileView.as_view(), name="profile"),
    path("members/<int:pk>/contact/", views.ContactView.as_view(), name="contact"),
    path("members/<int:pk>/block/", views.block, name="block"),
    path("members/messages/report/<str:token>/", views.report_message, name="report"),
    path("me/profile/work/", views.WorkProfileView.as_view(), name="work"),
    # /organisations/ and /organisations/suggest/ are the library's, matched first.
    path("organisations/<slug:slug>/", organisation_views.OrganisationView.as_view(), name="organisation"),
]
