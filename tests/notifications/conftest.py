from tests.broker import task_queue  # noqa: F401 (a fixture)
