from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from members.dashboard import DashboardLink
        from members.dashboard import register as register_dashboard_link
        from qportal.home import register as register_home_section

        from . import home

        register_home_section("events", home.upcoming_section, order=30)
        register_dashboard_link(
            DashboardLink(
                label="Your events",
                url_name="events:mine",
                description="The events you registered for, and your private calendar address.",
                order=40,
            )
        )
