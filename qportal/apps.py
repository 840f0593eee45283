from django.apps import AppConfig


class QportalConfig(AppConfig):
    name = "qportal"
    verbose_name = "Portal"
