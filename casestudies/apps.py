from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"

    def ready(self) -> None:
        from casestudies import data_rights, media, signals
        from casestudies.library import page_keys as library_page_keys
        from casestudies.spread import page_keys as spread_page_keys
        from core import media as site_media
        from members import dashboard
        from members import data_rights as member_data_rights

        signals.connect()
        library_page_keys.connect()
        spread_page_keys.connect()
        site_media.register("case-studies/covers/", media.cover_may_be_fetched)
        site_media.register("case-studies/attachments/", media.attachment_may_be_fetched)
        dashboard.register(
            dashboard.DashboardLink(
                "Saved case studies", "casestudies:bookmarks", "Case studies you bookmarked to read again.", order=20
            )
        )
        dashboard.register(
            dashboard.DashboardLink(
                "Your case studies",
                "casestudies:mine",
                "Case studies you have written or are writing, and where each one is in review.",
                order=10,
            )
        )
        dashboard.register(
            dashboard.DashboardLink(
                "Your adaptations",
                "casestudies:my_adaptations",
                "Case studies your organisation is adopting or adapting.",
                order=30,
            )
        )
        member_data_rights.register_exporter("case_studies", data_rights.casestudies_export)
        member_data_rights.register_eraser("case_studies", data_rights.casestudies_erase)
        member_data_rights.register_exporter("questions_to_authors", data_rights.questions_export)
        member_data_rights.register_eraser("questions_to_authors", data_rights.questions_erase)
