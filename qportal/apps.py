from django.apps import AppConfig


class QportalConfig(AppConfig):
    name = "qportal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import page_cache

        page_cache.connect()
