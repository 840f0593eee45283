from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications of new work in what a member follows.

    Above the library, groups and events (it hears what is new in each and reads who may see it),
    below the digest and the site, which show it."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from members import data_rights as member_data_rights

        from . import data_rights, receivers

        receivers.connect()
        member_data_rights.register_exporter("notifications", data_rights.notifications_export)
        member_data_rights.register_eraser("notifications", data_rights.notifications_erase)
