"""Moving the test database to given migrations and back, for tests of a migration's data."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Apps:
    """Migrates to `targets` (app label, migration name) and returns the models as they stood there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Leaves the database as every other test expects it."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
