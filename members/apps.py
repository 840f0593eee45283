from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"
    default = True


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that only curators with two-factor authentication may use."""

    default = False
    default_site = "members.admin_site.PortalAdminSite"
