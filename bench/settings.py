"""The production settings, plus one address that only the benchmark serves.

The framework's floor is a constant response that passes through the very same middleware as
every page. It lives here rather than in qportal/urls.py so that no deployment ever exposes it:
a production server runs qportal.settings, which never names bench.urls.
"""

from qportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
