"""The live mix: pages measured while members act on the site, as visitors and as signed-in members.

`python -m bench.live` makes (or reuses) the database for BENCH_SCALE as `make bench` does, serves
it with gunicorn, and while wrk loads each page a second load generator keeps up a steady stream
of member activity through the site (see RATES_PER_HOUR). Each page is loaded three ways in turn,
with the framework's floor measured in the same run: as visitors get it (the page cache on), as
one signed-in member gets it (a real session cookie and a CSRF cookie on every request, as their
browser sends them), and the page cache's hit
rate under the mix is read from the X-Page-Cache header of every visitor's response.
Results: bench/results/live-scale-<scale>.json and .md.
"""

import json
import math
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from . import first_visits, live_figures
from .config import RunConfig, sizes_for
from .load import status_of

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).with_name("results")
SCRIPT = Path(__file__).with_name("live_report.lua")

# The busiest hour of a community of 10,000 active members (members who sign in at least once a
# month). About 4 in 10 of them visit on a busy weekday and the busiest hour carries about an
# eighth of a day's visits: some 500 visits an hour, doubled here to 1,000 sign-ins for headroom.
# The rest follow from what a visit does: six in ten save a case study, two in ten follow
# something, three in ten register for an event (an hour when a popular event opens), two in ten
# post in a group, three in a hundred ask the authors a question; curators publish or edit a
# case study every five minutes. BENCH_LIVE_FACTOR multiplies every rate.
RATES_PER_HOUR = {
    "sign-in": 1000,
    "bookmark": 600,
    "follow": 200,
    "event registration": 300,
    "group post": 200,
    "question to authors": 30,
    "curator edit": 12,
}


def log(message: str) -> None:
    print(f"[bench.live] {message}", file=sys.stderr, flush=True)


class Activity:
    """The second load generator: each kind of change at its own Poisson rate, through the site."""

    def __init__(self, port: int, factor: float, seed: int = 11) -> None:
        from django.conf import settings

        from .generate.members import PASSWORD
        from .scenarios import signed_in_session

        self.port, self.factor, self.password = port, factor, PASSWORD
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.counts: dict[str, dict[str, int]] = {kind: {} for kind in RATES_PER_HOUR}
        self.lock = threading.Lock()
        self.cookie_names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        self._load_targets()
        self.sessions = {member.pk: signed_in_session(member) for member in self.members}
        self.signed_in_session = signed_in_session

    def _load_targets(self) -> None:
        from casestudies.library.models import CaseStudy, Topic
        from events.models import Event
        from groups.models import Membership, Thread
        from members.models import User

        self.members = list(User.objects.filter(is_active=True, is_staff=False).order_by("id")[:200])
        self.case_studies = list(CaseStudy.objects.published().values_list("slug", flat=True)[:2000])
        self.topics = list(Topic.objects.values_list("slug", flat=True))
        self.events = list(Event.objects.upcoming().values_list("slug", flat=True)[:500])
        self.posting = [
            (membership.user_id, thread.group.slug, thread.pk)
            for membership in Membership.objects.active().filter(user__in=self.members)[:300]
            for thread in Thread.objects.filter(group_id=membership.group_id, is_locked=False).select_related("group")[
                :1
            ]
        ]

    def _post(self, path: str, fields: dict, member_id: int | None) -> int:
        csrf = secrets.token_hex(16)
        cookies = [f"{self.cookie_names[1]}={csrf}"]
        if member_id is not None:
            cookies.append(f"{self.cookie_names[0]}={self.sessions[member_id]}")
        body = urlencode({**fields, "csrfmiddlewaretoken": csrf})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)}
        return status_of("127.0.0.1", self.port, "POST", path, body, headers)

    def _act(self, kind: str) -> int:
        from django.urls import reverse

        member = self.rng.choice(self.members)
        if kind == "sign-in":
            return self._post(reverse("account_login"), {"login": member.email, "password": self.password}, None)
        if kind == "bookmark":
            slug = self.rng.choice(self.case_studies)
            path = reverse("casestudies:bookmark", kwargs={"slug": slug})
            return self._post(path, {"action": self.rng.choice(["save", "remove"])}, member.pk)
        if kind == "follow":
            path = reverse("follow", kwargs={"kind": "topic", "key": self.rng.choice(self.topics)})
            return self._post(path, {"action": self.rng.choice(["follow", "unfollow"])}, member.pk)
        if kind == "event registration":
            path = reverse("events:register", kwargs={"slug": self.rng.choice(self.events)})
            return self._post(path, {}, member.pk)
        if kind == "group post" and self.posting:
            user_id, group, thread = self.rng.choice(self.posting)
            path = reverse("groups:reply", kwargs={"slug": group, "pk": thread})
            return self._post(path, {"body": "We tried this on two wards and it held for a month."}, user_id)
        if kind == "question to authors":
            path = reverse("casestudies:ask", kwargs={"slug": self.rng.choice(self.case_studies)})
            return self._post(path, {"text": "How did you get the ward teams to agree to start?"}, member.pk)
        if kind == "curator edit":
            return self._curator_edit()
        return 0

    def _curator_edit(self) -> int:
        """A curator's edit of a published case study, saved as the editing pages save it (signals and all)."""
        from django.db import close_old_connections

        from casestudies.library.models import CaseStudy

        close_old_connections()
        case_study = CaseStudy.objects.published().get(slug=self.rng.choice(self.case_studies))
        case_study.summary = case_study.summary.rstrip(".") + "."
        case_study.save()
        close_old_connections()
        return 200

    def _loop(self, kind: str, per_hour: float) -> None:
        rate = per_hour * self.factor / 3600
        rng = random.Random(f"{kind}-{self.rng.random()}")
        while not self.stop.wait(-math.log(1 - rng.random()) / rate):
            status = self._act(kind)
            with self.lock:
                self.counts[kind][str(status)] = self.counts[kind].get(str(status), 0) + 1

    def __enter__(self) -> "Activity":
        self.threads = [
            threading.Thread(target=self._loop, args=(kind, per_hour), daemon=True)
            for kind, per_hour in RATES_PER_HOUR.items()
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def wrk_run(base_url: str, paths: list[str], *, duration: int, connections: int, cookie: str = "") -> dict:
    from .load import wrk_binary

    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    command = [wrk_binary(), "--threads", "1", "--connections", str(connections), "--duration", f"{duration}s",
               "--timeout", "10s", "--latency", "--script", str(SCRIPT)]  # fmt: skip
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    try:
        completed = subprocess.run(
            [*command, base_url, "--", listing.name], capture_output=True, text=True, check=True,
            timeout=duration + 60,
        )  # fmt: skip
    finally:
        Path(listing.name).unlink(missing_ok=True)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = figures["duration_us"] / 1_000_000
    kept = figures["kept"]
    asked = kept["hit"] + kept["miss"]
    return {
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["latency_us"]["p50"] / 1000, 2),
        "p95_ms": round(figures["latency_us"]["p95"] / 1000, 2),
        "hit_rate": round(kept["hit"] / asked, 3) if asked else None,
        "errors": sum(figures["errors"].values()),
    }


def loadavg() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def measure_live(config: RunConfig) -> dict:
    """Inside Django (bench.settings, DATABASE_URL the bench database): serve, mix, load, report."""
    from .pages import pages
    from .scenarios import signed_in_session
    from .server import Server

    chosen = pages()
    env = dict(os.environ)
    factor = float(os.environ.get("BENCH_LIVE_FACTOR", "1") or 1)
    server = Server(port=config.port, workers=config.workers, env=env)
    server.start()
    from members.models import User

    member = User.objects.filter(is_active=True, is_staff=False).order_by("id").first()
    from django.conf import settings

    session = (settings.SESSION_COOKIE_NAME, signed_in_session(member))
    # As a member's browser sends them: the session, and the CSRF cookie set by the first form it saw.
    cookie = f"{'='.join(session)}; {settings.CSRF_COOKIE_NAME}={secrets.token_hex(16)}"
    rows = []
    try:
        with Activity(config.port, factor) as activity:
            for page in chosen:
                row: dict = {"name": page.name, "load_average": loadavg()}
                for who, header in (("visitor", ""), ("member", cookie)):
                    first_visits.warm(server.base_url, page.paths, header)
                    wrk_run(server.base_url, page.paths, duration=2, connections=config.connections, cookie=header)
                    runs = [
                        wrk_run(
                            server.base_url,
                            page.paths,
                            duration=config.duration,
                            connections=config.connections,
                            cookie=header,
                        )
                        for _ in range(config.runs)
                    ]
                    runs.sort(key=lambda run: run["rps"])
                    row[who] = {**runs[len(runs) // 2], "runs": [run["rps"] for run in runs]}
                if page.name != live_figures.FLOOR:
                    row["first_visit"] = first_visits.first_visit(page.paths[0], session)
                log(f"{page.name}: {row}")
                rows.append(row)
            counts = activity.counts
    finally:
        server.stop()
    floor = next(row for row in rows if row["name"] == "framework floor")
    for row in rows:
        for who in ("visitor", "member"):
            row[who]["share_of_floor"] = round(row[who]["rps"] / floor["visitor"]["rps"], 3)
    return {"rates_per_hour": {k: v * factor for k, v in RATES_PER_HOUR.items()}, "activity": counts, "pages": rows}


def report_markdown(result: dict) -> str:
    lines = [
        f"# Live mix at scale {result['scale']:g} ({result['started_at']})",
        "",
        f"Command: `{result['command']}`. Load average before {result['load_average_before']}, "
        f"after {result['load_average_after']}. {result['connections']} connections, "
        f"{result['runs']} runs of {result['seconds']} s per page and reader.",
        "",
        "Member activity during the runs (per hour): "
        + ", ".join(f"{kind} {rate:g}" for kind, rate in result["rates_per_hour"].items())
        + ". Responses: "
        + "; ".join(f"{kind} {counts}" for kind, counts in result["activity"].items()),
        "",
        *live_figures.live_table(result),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    config = RunConfig.from_environment()
    if argv[:1] == ["inner"]:
        import django

        django.setup()
        result = measure_live(config)
        Path(argv[1]).write_text(json.dumps(result))
        return 0
    from . import database
    from .run import child_environment

    admin_env = child_environment(config, config.admin_database_url)
    url = database.ensure(sizes_for(config.scale), admin_url=config.admin_database_url, env=admin_env,
                          regenerate=config.regenerate, log=log)  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                   env={**admin_env, "DATABASE_URL": config.admin_database_url}, cwd=BASE_DIR, check=True)  # fmt: skip
    run_live(config, url, command=f"BENCH_SCALE={config.scale:g} python -m bench.live")
    # The main run's report (and the README's block, at full size) leads with the live mix.
    main_results = RESULTS_DIR / f"scale-{config.scale:g}".replace(".", "_")
    if main_results.with_suffix(".json").exists():
        from . import report

        report.write(json.loads(main_results.with_suffix(".json").read_text()), RESULTS_DIR)
    return 0


def run_live(config: RunConfig, url: str, *, command: str) -> dict:
    """The live mix on the database at `url` (made and migrated), in a process of its own; writes
    bench/results/live-scale-<scale>.json and .md and returns the result."""
    from .run import child_environment, cpu_ticks, machine, steal_share

    started, ticks = time.strftime("%Y-%m-%d %H:%M:%S %Z"), cpu_ticks()
    before = loadavg()
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = Path(out.name)
    subprocess.run([sys.executable, "-m", "bench.live", "inner", str(path)], env=child_environment(config, url),
                   cwd=BASE_DIR, check=True)  # fmt: skip
    result = json.loads(path.read_text())
    path.unlink()
    result.update(
        scale=config.scale, started_at=started, load_average_before=before, load_average_after=loadavg(),
        connections=config.connections, runs=config.runs, seconds=config.duration, command=command,
        machine=machine(config.admin_database_url), cpu_steal=steal_share(ticks, cpu_ticks()),
    )  # fmt: skip
    name = f"live-scale-{config.scale:g}"
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS_DIR / f"{name}.md").write_text(report_markdown(result))
    log(f"results: bench/results/{name}.md")
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
