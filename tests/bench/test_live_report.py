"""The report's shape: the live mix and a signed-in member's figures lead; a world without writes follows,
labelled as such."""

import json

from bench import live, live_figures, report
from tests.bench.test_harness import result_with


def reader(rps: float, share: float, p95: float, hit_rate: float | None = None) -> dict:
    return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, "hit_rate": hit_rate, "errors": 0, "runs": [rps],
            "share_of_floor": share}  # fmt: skip


def live_result(scale: float = 1) -> dict:
    load = [0.4, 0.3, 0.2]
    return {
        "rates_per_hour": {"sign-in": 1000.0, "bookmark": 600.0},
        "activity": {"sign-in": {"302": 13}, "bookmark": {"302": 17, "400": 1}},
        "pages": [
            {"name": "framework floor", "load_average": load,
             "visitor": reader(1000.0, 1.0, 9.0), "member": reader(700.0, 0.7, 12.0)},
            {"name": "case study list", "load_average": load,
             "visitor": reader(450.0, 0.45, 30.0, 0.982), "member": reader(190.0, 0.19, 80.0)},
            {"name": "groups list", "load_average": load,
             "visitor": reader(350.0, 0.35, 40.0, 0.5), "member": reader(160.0, 0.16, 90.0)},
            {"name": "event page", "load_average": load,
             "visitor": reader(420.0, 0.42, 30.0, 0.9), "member": reader(300.0, 0.3, 140.0),
             "first_visit": {"visitor_ms": 182.4, "member_ms": 96.0}},
        ],
        "scale": scale, "started_at": "2026-12-07 00:30:00 UTC", "load_average_before": [0.1, 0.1, 0.1],
        "load_average_after": [1.2, 0.6, 0.3], "connections": 8, "runs": 3, "seconds": 10, "cpu_steal": 0.004,
        "command": f"BENCH_SCALE={scale:g} python -m bench.live",
    }  # fmt: skip


def test_the_block_leads_with_the_live_mix_and_labels_the_world_without_writes():
    text = report.markdown(result_with([]), live_result())

    assert text.startswith("**Under the live mix**, measured with `BENCH_SCALE=1 python -m bench.live`")
    order = [
        "**Under the live mix**",
        "| case study list |",
        "**A world without writes**",
        "Measured with `make bench`",
    ]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert "load average before [0.1, 0.1, 0.1], after [1.2, 0.6, 0.3], steal 0.4%" in text
    assert "sign-in 1,000, bookmark 600 an hour (31 done during the runs)" in text


def test_each_page_shows_visitors_with_the_page_cache_hit_rate_and_a_signed_in_member_against_targets():
    lines = live_figures.live_table(live_result())

    # Visitors at 40% of the floor or more; the library's pages at 20% for a member, p95 within 100 ms.
    assert "| case study list | 450.0 | 45.0% | yes | 98.2% | 190.0 | 19.0% | 20.0% | 80.0 | **no** |" in lines[3]
    # Other pages at 15% for a member.
    assert "| groups list | 350.0 | 35.0% | **no** | 50.0% | 160.0 | 16.0% | 15.0% | 90.0 | yes |" in lines[4]
    # A member's p95 over 100 ms misses, whatever the share.
    assert "| event page | 420.0 | 42.0% | yes | 90.0% | 300.0 | 30.0% | 15.0% | 140.0 | **no** |" in lines[5]
    # The first visit after a change that retires the page, as a visitor and as the member.
    assert "| **no** | 182 / 96 |" in lines[5]
    assert lines[2].startswith("| framework floor | 1,000.0 | 100.0% |")


def test_without_a_live_mix_at_that_size_the_block_says_so_before_a_world_without_writes():
    text = report.markdown(result_with([]))

    assert text.startswith("**The live mix has not been measured at this size yet**")
    assert "every figure below is for **a world without writes**" in text


def test_the_main_runs_report_takes_the_live_mix_measured_at_its_size(tmp_path):
    result = result_with([])
    result["main"]["sizes"]["scale"] = 0.02
    (tmp_path / "live-scale-0.02.json").write_text(json.dumps(live_result(0.02)))
    (tmp_path / "live-scale-0.1.json").write_text(json.dumps({**live_result(0.1), "started_at": "another size"}))

    written = report.write(result, tmp_path)

    text = (tmp_path / "scale-0_02.md").read_text()
    assert [path.name for path in written] == ["scale-0_02.json", "scale-0_02.md"]
    assert text.startswith("**Under the live mix**, measured with `BENCH_SCALE=0.02 python -m bench.live`")
    assert "another size" not in text


def test_the_live_mixs_own_report_has_the_same_table():
    result = live_result()

    assert "\n".join(live_figures.live_table(result)) in live.report_markdown(result)
