from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from core import media

from . import follows, sitemaps, views

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

handler400 = "qportal.views.bad_request"
handler500 = "qportal.views.server_error"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("about/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path("follow/<str:kind>/<str:key>/", follows.follow, name="follow"),
    path("me/", include("members.urls")),
    path("admin/", admin.site.urls),
    # Each app below owns whole paths (for example /case-studies/ and /me/bookmarks/).
    path("", include("outbox.urls")),
    path("", include("casestudies.urls")),
    path("", include("groups.urls")),
    path("", include("events.urls")),
    path("", include("digests.urls")),
    path("", include("people.urls")),
    path("", include("notifications.urls")),
    path("", include("api.urls")),
]

# Uploaded files on the local disk are served by the portal itself, with each app's rule for who
# may fetch them and headers that never let a browser run one (qportal/media.py); in a bucket they
# are served from there through signed links.
if not settings.AWS_STORAGE_BUCKET_NAME:
    urlpatterns.append(path(settings.MEDIA_URL.lstrip("/") + "<path:name>", media.serve, name="media"))
