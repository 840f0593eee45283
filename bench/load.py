"""Load from a second process: wrk at a fixed concurrency, several runs, the median of each figure."""

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

SCRIPT = Path(__file__).with_name("wrk_report.lua")


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: `make bench` installs Debian's package, or run `apt-get install wrk`.")
    return found


def one_run(base_url: str, paths: list[str], *, duration: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        completed = subprocess.run(
            [
                wrk_binary(), "--threads", "1", "--connections", str(connections),
                "--duration", f"{duration}s", "--timeout", "10s", "--latency",
                "--script", str(SCRIPT), base_url, "--", listing.name,
            ],
            capture_output=True, text=True, check=True, timeout=duration + 60,
        )  # fmt: skip
    finally:
        Path(listing.name).unlink(missing_ok=True)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1_000_000)
    figures["error_count"] = sum(figures["errors"].values())
    return figures


def status_of(host: str, port: int, method: str, path: str, body: str | None = None, headers=None) -> int:
    """One request on a connection of its own: the response's status, or 0 if none came."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def visit_each_once(base_url: str, paths: list[str], *, connections: int) -> dict:
    """One GET of every address, `connections` at a time: what the first visitors of a set of
    pages wait for, before the page cache (or any other cache) holds them."""
    address = urlsplit(base_url)

    def visit(path: str) -> int:
        return status_of(address.hostname or "127.0.0.1", address.port or 80, "GET", path)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        statuses = list(pool.map(visit, paths))
    seconds = time.perf_counter() - started
    return {
        "requests": len(paths),
        "seconds": round(seconds, 2),
        "rps": round(len(paths) / seconds, 1),
        "errors": sum(1 for status in statuses if status != 200),
    }


def measure(base_url: str, paths: list[str], *, runs: int, duration: int, connections: int) -> dict:
    """The median over `runs` of requests/s and p50/p95/p99 (ms), with the individual runs kept."""
    return summarise([one_run(base_url, paths, duration=duration, connections=connections) for _ in range(runs)])


def summarise(results: list[dict]) -> dict:
    return {
        "rps": round(statistics.median(run["rps"] for run in results), 1),
        "p50_ms": round(statistics.median(run["latency_us"]["p50"] for run in results) / 1000, 2),
        "p95_ms": round(statistics.median(run["latency_us"]["p95"] for run in results) / 1000, 2),
        "p99_ms": round(statistics.median(run["latency_us"]["p99"] for run in results) / 1000, 2),
        "errors": sum(run["error_count"] for run in results),
        "runs": [
            {
                "rps": round(run["rps"], 1),
                **{name: value / 1000 for name, value in run["latency_us"].items()},
                "errors": run["errors"],
            }
            for run in results
        ],
    }
