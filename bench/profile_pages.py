"""Where each page's time goes, in-process: SQL (every statement timed through an execute wrapper)
against the rest (Python: views, templates, the cache), made afresh as a visitor and as a member,
and served as a member gets it now (kept parts warm).

`python -m bench.profile_pages` with DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL the
bench database (bench/README.md).
"""

import statistics
import sys
import time

ROUNDS = 5


class SqlTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def profile(client, path: str) -> dict:
    from django.db import connection

    client.get(path, HTTP_HOST="127.0.0.1")
    totals, sqls, counts = [], [], []
    for _ in range(ROUNDS):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            client.get(path, HTTP_HOST="127.0.0.1")
            totals.append((time.perf_counter() - started) * 1000)
        sqls.append(timer.seconds * 1000)
        counts.append(timer.count)
    total, sql = statistics.median(totals), statistics.median(sqls)
    return {"ms": round(total, 1), "sql_ms": round(sql, 1), "python_ms": round(total - sql, 1), "queries": counts[0]}


def main() -> int:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from members.models import User

    from .pages import pages
    from .scenarios import signed_in_session

    member = User.objects.filter(is_active=True, is_staff=False).order_by("id").first()
    from django.conf import settings

    print("| page | visitor afresh ms (SQL, Python, queries) | member afresh | member, parts kept |")
    print("|---|---|---|---|")
    for page in pages():
        if page.name == "framework floor":
            continue
        path = page.paths[0]
        member_client = Client()
        member_client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_session(member)
        with override_settings(PAGE_CACHE_SECONDS=0):
            visitor = profile(Client(), path)
            afresh = profile(member_client, path)
        kept = profile(member_client, path)
        cells = [f"{f['ms']} ({f['sql_ms']}, {f['python_ms']}, {f['queries']})" for f in (visitor, afresh, kept)]
        print(f"| {page.name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
