"""`make bench`: makes (or reuses) the databases, measures each size and writes the results."""

import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import psycopg

from . import database, relevance, report
from .config import BASE_DIR, RESULTS_DIR, RunConfig, Sizes, sizes_for


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def cpu_ticks() -> list[int]:
    """The machine's CPU time so far by kind (user, nice, system, idle, iowait, irq, softirq, steal),
    in clock ticks, from the first line of /proc/stat."""
    return [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def steal_share(before: list[int], after: list[int]) -> float | None:
    """The share of the CPU time between two readings that the hypervisor gave to other machines
    (steal): the run's figures are only comparable with another run's when it is near zero."""
    spent = [later - earlier for earlier, later in zip(before, after, strict=True)]
    return round(spent[7] / sum(spent), 3) if sum(spent) else None


def python_probe_ms(rounds: int = 5) -> float:
    """How long a fixed piece of Python work takes here (the median of a few rounds): objects made,
    serialised and read back, as rendering a page is. A machine whose memory is slowed by its
    neighbours shows it here even when the hypervisor reports no steal."""
    reasons = ["In a topic", "By a member of a group"]
    items = [{"title": f"Case study {n}", "reasons": reasons, "n": n} for n in range(2000)]
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        for _ in range(10):
            json.loads(json.dumps(items))
        timings.append((time.perf_counter() - began) * 1000)
    return round(sorted(timings)[rounds // 2], 1)


def machine(admin_url: str) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), platform.processor())
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    with psycopg.connect(admin_url) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": postgres,
        "kernel": platform.release(),
        "python_probe_ms": python_probe_ms(),
    }


# One key for the whole run: a session signed in one step (the rush, the members' pages) is still
# read in the next. With a key of their own, each step's sign-ins found the last step's sessions
# unreadable ("Session data corrupted") as they tidied the member's other sessions.
RUN_SECRET_KEY = secrets.token_urlsafe(50)


def child_environment(config: RunConfig, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=url,
        REDIS_URL=config.redis_url,
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or RUN_SECRET_KEY,
        SITE_URL=f"http://127.0.0.1:{config.port}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_POOL="1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(config.smtp_port),
        CACHE_KEY_PREFIX="bench-" + url.rsplit("/", 1)[-1],
        LOG_LEVEL="WARNING",
    )
    env.pop("DJANGO_DEBUG", None)
    return env


def _database(config: RunConfig, sizes: Sizes) -> str:
    return database.ensure(
        sizes, admin_url=config.admin_database_url, env=child_environment(config, config.admin_database_url),
        regenerate=config.regenerate, log=log,
    )  # fmt: skip


def measure(config: RunConfig, sizes: Sizes, suite: str) -> dict:
    url = _database(config, sizes)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = Path(out.name)
    log(f"measuring {sizes.label} ({suite} suite)")
    subprocess.run(
        [sys.executable, "-m", "bench", "measure", "--sizes", json.dumps(sizes.as_dict()), "--suite", suite,
         "--out", str(path)],
        env=child_environment(config, url), cwd=BASE_DIR, check=True,
    )  # fmt: skip
    result = json.loads(path.read_text())
    path.unlink()
    return result


def command(config: RunConfig) -> str:
    """The command that reproduces this run."""
    words = ["make bench"]
    if config.scale != 1:
        words.append(f"BENCH_SCALE={config.scale:g}")
    if config.growth != RunConfig.default_growth(config.scale):
        words.append(f"BENCH_GROWTH={','.join(str(count) for count in config.growth)}")
    return " ".join(words)


def run() -> int:
    config = RunConfig.from_environment()
    started, ticks = time.time(), cpu_ticks()
    log(f"scale {config.scale:g}; load average before: {loadavg()}")
    result: dict = {
        "command": command(config),
        "started_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine(config.admin_database_url),
        "load_average_before": loadavg(),
        "settings": {
            "gunicorn_workers": config.workers,
            "connections": config.connections,
            "runs": config.runs,
            "seconds_per_run": config.duration,
            "load_tool": "wrk (1 thread)",
        },
    }
    env = child_environment(config, config.admin_database_url)
    env["DATABASE_URL"] = config.admin_database_url
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=BASE_DIR,
        check=True,
    )  # fmt: skip
    # Quick, and needs only the demo library: how well search finds what members mean.
    relevance.run(config.admin_database_url, child_environment(config, config.admin_database_url), log)
    main_sizes = sizes_for(config.scale)
    # Written after every size, so a long run that is stopped (the 1,000,000 point takes over an
    # hour to generate) still leaves the figures it has measured.
    result["main"] = measure(config, main_sizes, "full")
    result["growth"] = []
    write_results(result, started, ticks)
    if config.live:
        # The same data with members signed in and writing: the figures the README leads with.
        from .live import run_live

        made = replace(config, regenerate=False)  # made just now, if asked
        run_live(made, _database(made, main_sizes), command=command(config))
        write_results(result, started, ticks)
    for count in config.growth:
        if count == main_sizes.case_studies:
            result["growth"].append(result["main"])
        else:
            result["growth"].append(measure(config, sizes_for(config.scale, case_studies=count), "growth"))
        write_results(result, started, ticks)
    return 0


def run_relevance() -> int:
    """`python -m bench relevance`: only the judged search queries (bench/relevance.py)."""
    config = RunConfig.from_environment()
    env = child_environment(config, config.admin_database_url)
    relevance.run(config.admin_database_url, env, log, command="python -m bench relevance")
    return 0


def write_results(result: dict, started: float, ticks: list[int]) -> None:
    result["load_average_after"] = loadavg()
    result["cpu_steal"] = steal_share(ticks, cpu_ticks())
    result["minutes"] = round((time.time() - started) / 60, 1)
    written = report.write(result, RESULTS_DIR)
    log(f"results so far: {', '.join(str(path.relative_to(BASE_DIR)) for path in written)}")
