from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"

    def ready(self) -> None:
        from members import dashboard
        from members import data_rights as member_data_rights
        from qportal import home as home_page
        from qportal import media as site_media
        from qportal import sitemaps as site_sitemaps

        from . import data_rights, home, media, signals, sitemaps

        signals.connect()
        home_page.register("casestudies.featured", home.featured_case_studies, order=5)
        home_page.register("casestudies.featured_collection", home.featured_collection, order=10)
        home_page.register("casestudies.latest", home.latest_case_studies, order=20)
        home_page.register("casestudies.most_adapted", home.most_adapted, order=25)
        site_sitemaps.register("case-studies", sitemaps.CaseStudySitemap())
        site_sitemaps.register("collections", sitemaps.CollectionSitemap())
        site_sitemaps.register(
            "library", site_sitemaps.PageSitemap(["casestudies:list", "casestudies:collections"], priority=0.9)
        )
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
