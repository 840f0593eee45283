from tests.broker import (
    broker_down,  # noqa: F401 (a fixture)
    task_queue,  # noqa: F401 (a fixture)
)
from tests.redis_server import own_redis  # noqa: F401 (a fixture)
from tests.smtp import smtp_server  # noqa: F401 (a fixture)
