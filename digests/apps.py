from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = "Digests"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from members import dashboard, data_rights

        from .data_rights import digests_export, follows_export
        from .signals import ask_for_email_settings_on_first_sign_in

        dashboard.register(
            dashboard.DashboardLink(
                label="Email settings",
                url_name="digests:settings",
                description="How often your digest comes, the topics it follows and which emails you get.",
                order=50,
            )
        )
        user_logged_in.connect(ask_for_email_settings_on_first_sign_in, dispatch_uid="digests_first_sign_in")
        data_rights.register_exporter("digests", digests_export)
        data_rights.register_exporter("following", follows_export)
