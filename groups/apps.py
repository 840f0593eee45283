from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from core.media import register as register_media
        from members import data_rights as member_data_rights
        from members.dashboard import DashboardLink
        from members.dashboard import register as register_dashboard_link

        from . import data_rights, media, page_keys, signals  # noqa: F401 (signals connects the receivers)

        page_keys.connect()

        register_media("groups/covers/", media.cover_may_be_fetched)
        register_dashboard_link(
            DashboardLink(
                label="Your groups",
                url_name="groups:mine",
                description="The groups you belong to and your requests to join.",
                order=30,
            )
        )
        member_data_rights.register_exporter("groups", data_rights.groups_export)
        member_data_rights.register_eraser("groups", data_rights.groups_erase)
