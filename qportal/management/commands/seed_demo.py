"""Fills the portal with demo content, idempotently.

Each app may have a `demo` module with a `seed()` function returning lines to show; they run
bottom layer first, so that higher apps can use what lower ones made.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

APPS_IN_LAYER_ORDER = ["members", "outbox", "casestudies", "groups", "events", "digests"]


class Command(BaseCommand):
    help = "Creates demo accounts and content. Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has members.")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("The database already has members; demo content not added.")
            return
        lines: list[str] = []
        with transaction.atomic():
            for label in APPS_IN_LAYER_ORDER:
                module_name = f"{apps.get_app_config(label).name}.demo"
                if find_spec(module_name) is None:
                    continue
                lines += import_module(module_name).seed() or []
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if settings.DEBUG:
            # Known passwords are shown only on a development machine.
            self.stdout.write("Sign in with:")
            for line in lines:
                self.stdout.write(f"  {line}")
