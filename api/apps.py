from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Open data API"

    def ready(self) -> None:
        from core.media import register as register_media

        from . import export

        register_media(export.DIRECTORY, export.may_be_fetched)
