from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Member profiles, the member directory and messages between members through the portal.

    Above the library and groups (a profile shows a member's case studies and groups, and the
    directory finds members by topic and region), so it cannot live in members at the bottom."""

    name = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from members import dashboard
        from members import data_rights as member_data_rights

        from . import data_rights

        dashboard.register(
            dashboard.DashboardLink(
                "Find members", "people:directory", "Find others by name, organisation, topic and region.", order=60
            )
        )
        member_data_rights.register_exporter("people", data_rights.people_export)
