from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"
    default = True

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, user_logged_in

        from . import data_rights, page_keys, personal_data, signals

        page_keys.connect()

        user_logged_in.connect(signals.on_user_logged_in, dispatch_uid="members_record_device")
        password_changed.connect(signals.on_password_changed, dispatch_uid="members_end_other_sessions")
        password_reset.connect(signals.on_password_changed, dispatch_uid="members_end_sessions_on_reset")
        data_rights.register_exporter("account", personal_data.account_export)


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that only curators with two-factor authentication may use."""

    default = False
    default_site = "members.admin_site.PortalAdminSite"
