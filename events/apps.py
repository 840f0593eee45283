from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from groups import extensions as group_extensions
        from members.dashboard import DashboardLink
        from members.dashboard import register as register_dashboard_link
        from members.data_rights import register_eraser, register_exporter

        from . import data_rights, group_pages, page_keys

        page_keys.connect()

        group_extensions.register_list_annotation("upcoming_event_count", group_pages.with_upcoming_event_count)
        group_extensions.register_section(
            "events",
            group_pages.upcoming_events_section,
            order=20,
            parts_ahead=group_pages.upcoming_events_parts_ahead,
        )
        register_dashboard_link(
            DashboardLink(
                label="Your events",
                url_name="events:mine",
                description="The events you registered for, and your private calendar address.",
                order=40,
            )
        )
        register_exporter("events", data_rights.events_export)
        register_eraser("events", data_rights.events_erase)
