"""`make bench` is one run: the world without writes, then the live mix on the same data, then the
growth curve; the report written after each step."""

import pytest

from bench import live, relevance, run
from bench.config import RunConfig


@pytest.fixture
def steps(monkeypatch, tmp_path):
    """The run's steps, recorded in order instead of served and loaded."""
    done: list[tuple] = []
    monkeypatch.setattr(run, "machine", lambda url: {})
    monkeypatch.setattr(run.subprocess, "run", lambda *args, **kwargs: None)
    monkeypatch.setattr(relevance, "run", lambda *args: done.append(("relevance",)))
    monkeypatch.setattr(run, "measure", lambda config, sizes, suite: done.append(("measure", sizes.case_studies)) or {})
    monkeypatch.setattr(run, "write_results", lambda *args: done.append(("report",)))

    def database(config, sizes):
        done.append(("database", sizes.case_studies, config.regenerate))
        return f"postgres:///{sizes.label}"

    monkeypatch.setattr(run, "_database", database)
    monkeypatch.setattr(live, "run_live", lambda config, url, command: done.append(("live", url, command)))
    for name in ("BENCH_SCALE", "BENCH_GROWTH", "BENCH_LIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BENCH_REGENERATE", "1")
    return done


def test_make_bench_measures_the_live_mix_on_the_main_data_without_making_it_again(steps):
    run.run()

    live_steps = [index for index, step in enumerate(steps) if step[0] == "live"]
    assert len(live_steps) == 1
    at = live_steps[0]
    assert steps[at - 1] == ("database", 100_000, False)
    assert steps[at][2] == "make bench"
    assert steps[at - 2] == ("report",)
    assert steps[at + 1] == ("report",)
    assert steps.index(("measure", 100_000)) < at < steps.index(("measure", 10_000))


def test_the_live_mix_can_be_left_out(steps, monkeypatch):
    monkeypatch.setenv("BENCH_LIVE", "0")

    run.run()

    assert not RunConfig.from_environment().live
    assert [step for step in steps if step[0] == "live"] == []
