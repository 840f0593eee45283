"""How big the benchmark's data is, where it lives and how the server under test is run.

Everything can be changed from the environment, so `make bench BENCH_SCALE=0.1` is a quick
run and the defaults are the figures the README reports.
"""

import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"

# Each search statement is timed TIMED times after WARM warm-up runs; one that would take longer
# than BUDGET_SECONDS over all its runs (a search of a million rows) MIN_TIMED times after one.
WARM = 3
TIMED = 15
BUDGET_SECONDS = 20
MIN_TIMED = 3


@dataclass(frozen=True)
class Sizes:
    """How many of each thing the generator makes. Scale 1 is the size the targets are set for."""

    scale: float
    case_studies: int
    drafts: int
    members: int
    groups: int
    posts: int
    events: int
    registrations: int

    @property
    def label(self) -> str:
        return f"{self.case_studies:,} case studies"

    @property
    def database_suffix(self) -> str:
        scale = f"{self.scale:g}".replace(".", "_")
        base = sizes_for(self.scale)
        return f"s{scale}" if self == base else f"s{scale}_cs{self.case_studies}"

    def as_dict(self) -> dict:
        return asdict(self)


def _scaled(value: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(value * scale))


def sizes_for(scale: float, *, case_studies: int | None = None) -> Sizes:
    sizes = Sizes(
        scale=scale,
        case_studies=_scaled(100_000, scale, 10),
        drafts=_scaled(10_000, scale),
        members=_scaled(10_000, scale, 20),
        groups=_scaled(500, scale, 2),
        posts=_scaled(50_000, scale),
        events=_scaled(20_000, scale, 2),
        registrations=_scaled(200_000, scale),
    )
    if case_studies is not None and case_studies != sizes.case_studies:
        # A point on the search growth curve: only the library grows, the rest stays at `scale`.
        sizes = replace(sizes, case_studies=case_studies, drafts=max(1, case_studies // 10))
    return sizes


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclass(frozen=True)
class RunConfig:
    scale: float
    runs: int  # wrk runs per page; the median of each figure is reported
    duration: int  # seconds per run
    connections: int  # fixed concurrency of every run
    workers: int  # gunicorn sync workers
    port: int
    smtp_port: int
    growth: tuple[int, ...]  # case study counts of the search growth curve
    admin_database_url: str  # a database to connect to while creating the bench ones
    redis_url: str
    regenerate: bool
    live: bool  # whether `make bench` also measures the live mix at its size

    @staticmethod
    def default_growth(scale: float) -> tuple[int, ...]:
        main = sizes_for(scale).case_studies
        return (main // 10, main)

    @classmethod
    def from_environment(cls) -> "RunConfig":
        scale = env_float("BENCH_SCALE", 1.0)
        growth = os.environ.get("BENCH_GROWTH", "").strip()
        points = tuple(int(value) for value in growth.split(",") if value.strip())
        return cls(
            scale=scale,
            runs=env_int("BENCH_RUNS", 3),
            duration=env_int("BENCH_DURATION", 10 if scale >= 1 else 5),
            connections=env_int("BENCH_CONNECTIONS", 8),
            workers=env_int("BENCH_WORKERS", 2 * (os.cpu_count() or 1)),
            port=env_int("BENCH_PORT", 8300),
            smtp_port=env_int("BENCH_SMTP_PORT", 8325),
            growth=tuple(sorted(set(points))) or cls.default_growth(scale),
            admin_database_url=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
            regenerate=os.environ.get("BENCH_REGENERATE", "") not in {"", "0"},
            live=os.environ.get("BENCH_LIVE", "1") not in {"", "0"},
        )
