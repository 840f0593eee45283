from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import sitemaps, views

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("about/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("members.urls")),
    path("admin/", admin.site.urls),
    # Each app below owns whole paths (for example /case-studies/ and /me/bookmarks/).
    path("", include("outbox.urls")),
    path("", include("casestudies.urls")),
    path("", include("groups.urls")),
    path("", include("events.urls")),
    path("", include("digests.urls")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
