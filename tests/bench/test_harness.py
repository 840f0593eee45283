"""The harness's own pieces: the floor address, the figures it reports, the README block it keeps."""

from datetime import timedelta
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bench import load, report, run, scenarios, sqlfloor
from bench.config import BASE_DIR, RunConfig, sizes_for
from bench.urls import FLOOR_BODY
from casestudies.library import counting, ranking
from casestudies.library.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory, TopicFactory


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_floor_is_a_constant_page_served_beside_the_whole_portal(client, db):
    floor = client.get("/bench/floor/")
    home = client.get("/")

    assert floor.status_code == 200
    assert floor.content == FLOOR_BODY
    assert home.status_code == 200


def test_the_production_addresses_have_no_floor(client, db):
    assert client.get("/bench/floor/").status_code == 404


def test_each_figure_is_the_median_of_the_runs():
    runs = [
        {"rps": rps, "latency_us": {"p50": p50, "p95": p50 * 2, "p99": p50 * 3, "mean": p50, "max": p50 * 4},
         "errors": {"status": 0}, "error_count": 0}
        for rps, p50 in [(100.0, 9000), (300.0, 1000), (200.0, 5000)]
    ]  # fmt: skip

    figures = load.summarise(runs)

    assert (figures["rps"], figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (200.0, 5.0, 10.0, 15.0)
    assert figures["errors"] == 0


def test_sizes_scale_down_for_a_quick_run_and_name_their_database():
    quick = sizes_for(0.1)
    point = sizes_for(1, case_studies=10_000)

    assert (quick.case_studies, quick.members, quick.registrations) == (10_000, 1_000, 20_000)
    assert quick.database_suffix == "s0_1"
    assert (point.case_studies, point.members) == (10_000, 10_000)
    assert point.database_suffix == "s1_cs10000"


@pytest.mark.parametrize(
    ("environment", "reproduced_by"),
    [
        ({}, "make bench"),
        ({"BENCH_GROWTH": "100000,10000"}, "make bench"),
        ({"BENCH_SCALE": "0.1"}, "make bench BENCH_SCALE=0.1"),
        ({"BENCH_GROWTH": "10000,100000,1000000"}, "make bench BENCH_GROWTH=10000,100000,1000000"),
    ],
)
def test_the_results_name_the_command_that_reproduces_them(monkeypatch, environment, reproduced_by):
    for name in ("BENCH_SCALE", "BENCH_GROWTH"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert run.command(RunConfig.from_environment()) == reproduced_by


def result_with(pages: list[dict]) -> dict:
    return {
        "command": "make bench",
        "started_at": "2026-11-27 23:30:00 UTC",
        "machine": {"cores": 2, "cpu": "test CPU", "memory_gib": 24, "postgresql": "15", "python": "3.11"},
        "load_average_before": [0.1, 0.1, 0.1],
        "load_average_after": [1.0, 0.5, 0.2],
        "settings": {"gunicorn_workers": 4, "connections": 8, "runs": 3, "seconds_per_run": 10, "load_tool": "wrk"},
        "main": {"sizes": {"scale": 1, "case_studies": 100_000}, "pages": pages},
        "growth": [],
    }


def test_the_table_shows_each_page_as_served_and_made_afresh_with_its_share_of_the_floor():
    pages = [
        {"name": "framework floor", "status": 200, "queries": 0, "rps": 1000.0, "p50_ms": 3.0, "p95_ms": 9.0,
         "p99_ms": 12.0, "share_of_floor": 1.0, "target": None, "meets_target": None, "fresh_in_process_ms": 0.3,
         "fresh": {"rps": 900.0, "p50_ms": 3.5, "p95_ms": 9.5, "share_of_floor": 1.0}},
        {"name": "case study list", "status": 200, "queries": 6, "rps": 250.0, "p50_ms": 30.0, "p95_ms": 60.0,
         "p99_ms": 80.0, "share_of_floor": 0.25, "target": 0.3, "meets_target": False, "fresh_in_process_ms": 20.5,
         "fresh": {"rps": 90.0, "p50_ms": 80.0, "p95_ms": 120.0, "share_of_floor": 0.1}},
    ]  # fmt: skip

    text = report.markdown(result_with(pages))

    assert (
        "| case study list | 250.0 | 30.0 | 60.0 | 80.0 | 25.0% | 30.0% | **no** "
        "| 90.0 | 80.0 | 120.0 | 10.0% | 6 | 20.5 |" in text
    )
    assert "Load average before the run [0.1, 0.1, 0.1]" in text


def test_digests_are_the_median_of_several_rounds_each_against_the_floor_measured_after_it():
    def digest_round(per_second: float, floor: float) -> dict:
        return {
            "members": 90, "worker_processes": 4, "queued": 90, "written": 88, "sent": 88,
            "seconds": round(88 / per_second, 1), "per_second": per_second,
            "smtplib_floor": {"emails": 88, "seconds": 0.1, "per_second": floor},
            "share_of_floor": round(per_second / floor, 3),
        }  # fmt: skip

    rounds = [digest_round(200.0, 800.0), digest_round(300.0, 900.0), digest_round(250.0, 700.0)]

    digests = scenarios.median_round(rounds)
    result = result_with([])
    result["main"]["digests"] = digests
    text = report.markdown(result)

    assert (digests["per_second"], digests["smtplib_floor"]["per_second"]) == (250.0, 800.0)
    # The share of each round's own floor, not one median over the other.
    assert digests["share_of_floor"] == 0.333
    assert digests["rounds"] == rounds
    assert "**Digests**: the median of 3 rounds for the 90 members" in text
    assert "(33.3% of the floor; the rounds: 25.0%, 33.3%, 35.7%)" in text


def test_the_results_say_how_much_cpu_time_other_machines_took_during_the_run():
    #          user  nice system idle   iowait irq softirq steal
    before = [1000, 0, 500, 8000, 10, 0, 40, 450]
    after = [1600, 0, 800, 8600, 10, 0, 90, 1400]
    result = result_with([]) | {"cpu_steal": run.steal_share(before, after)}

    assert result["cpu_steal"] == 0.38  # 950 ticks of steal in 2,500
    assert "The hypervisor gave 38.0% of the CPU time during the run to other machines" in report.markdown(result)
    assert run.steal_share(before, before) is None
    assert "hypervisor" not in report.markdown(result_with([]))


def test_the_results_say_how_fast_the_machine_ran_a_fixed_piece_of_python():
    result = result_with([])
    result["machine"]["python_probe_ms"] = run.python_probe_ms(rounds=1)

    assert result["machine"]["python_probe_ms"] > 0
    assert f"took {result['machine']['python_probe_ms']:,.1f} ms before the run" in report.markdown(result)


def test_the_cpu_time_is_read_from_the_machine():
    first = run.cpu_ticks()
    second = run.cpu_ticks()

    assert len(first) == 8
    assert all(later >= earlier for earlier, later in zip(first, second, strict=True))


@pytest.mark.parametrize(
    ("name", "first_visits", "fresh_first_visits", "reported"),
    [
        pytest.param(
            "case study detail", {"requests": 500, "rps": 41.5}, {"requests": 500, "rps": 30.2},
            "case study detail 500 addresses, 41.5 req/s (30.2 req/s made afresh)",
            id="many addresses: their rate",
        ),
        pytest.param(
            "search, common term", {"requests": 1, "seconds": 0.0123}, {"requests": 1, "seconds": 1.5},
            "search, common term 12.3 ms (1,500.0 ms made afresh)",
            id="one address: how long it took",
        ),
    ],
)  # fmt: skip
def test_every_page_reports_its_first_visits(name, first_visits, fresh_first_visits, reported):
    floor = {"name": "framework floor", "status": 200, "queries": 0, "rps": 1000.0, "p50_ms": 3.0, "p95_ms": 9.0,
             "p99_ms": 12.0}  # fmt: skip
    page = {**floor, "name": name, "queries": 4, "rps": 600.0, "first_visits": first_visits,
            "fresh_first_visits": fresh_first_visits}  # fmt: skip

    text = report.markdown(result_with([floor, page]))

    assert reported in text


def test_the_readme_block_is_replaced_not_appended(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Portal\n\n## Performance\n\n{report.START}\nold\n{report.END}\n\nAfter.\n")
    monkeypatch.setattr(report, "README", readme)

    report.update_readme("new table\n")
    report.update_readme("newer table\n")

    assert readme.read_text() == f"# Portal\n\n## Performance\n\n{report.START}\nnewer table\n{report.END}\n\nAfter.\n"


def test_the_scale_out_plan_is_worked_out_from_the_run():
    pages = [
        {"name": "framework floor", "status": 200, "queries": 0, "rps": 1000.0, "p50_ms": 3.0, "p95_ms": 9.0,
         "p99_ms": 12.0},
        {"name": "search, common term", "status": 200, "queries": 4, "rps": 20.0, "p50_ms": 300.0, "p95_ms": 600.0,
         "p99_ms": 700.0, "fresh": {"rps": 8.0, "p50_ms": 900.0}},
    ]  # fmt: skip
    result = result_with(pages)
    result["main"]["search_sql"] = [{"name": "search, common term", "first_all_sql_ms": 120.0, "view_all_sql_ms": 9.0}]
    result["main"]["digests"] = {"per_second": 40.0, "worker_processes": 4}

    text = report.scale_out(result)

    assert "framework floor 500.0, search, common term 10.0" in text
    assert "Made afresh (signed-in members, and the first visitor after a change): search, common term 4.0" in text
    assert "spends 120.0 ms in SQL (median, one at a time; 9.0 ms when searched again" in text
    assert "with 4 worker processes (10.0/s each" in text
    assert "about 28 worker processes at this rate, i.e. 7 two-core worker machines running 4 each" in text


def test_a_statement_too_slow_for_its_budget_is_run_fewer_times(db, monkeypatch):
    def runs_of_one_statement() -> int:
        with psycopg.connect(sqlfloor.database_url(), autocommit=True) as conn:
            conn.execute("CREATE TEMPORARY TABLE ran (x int)")
            sqlfloor.median_ms(conn, "INSERT INTO ran VALUES (1) RETURNING x", None)
            return conn.execute("SELECT count(*) FROM ran").fetchone()[0]

    assert runs_of_one_statement() == sqlfloor.WARM + sqlfloor.TIMED
    monkeypatch.setattr(sqlfloor, "BUDGET_SECONDS", 0)
    assert runs_of_one_statement() == 1 + sqlfloor.MIN_TIMED


def test_the_statements_set_side_by_side_take_turns_so_both_see_the_same_machine(db):
    with psycopg.connect(sqlfloor.database_url(), autocommit=True) as conn:
        conn.execute("CREATE TEMPORARY TABLE ran (n serial, statement text)")
        medians = sqlfloor.medians_ms(
            conn,
            [("INSERT INTO ran (statement) VALUES ('view') RETURNING n", None),
             ("INSERT INTO ran (statement) VALUES ('bare') RETURNING n", None)],
        )  # fmt: skip
        order = [row[0] for row in conn.execute("SELECT statement FROM ran ORDER BY n")]

    assert len(medians) == 2
    assert all(median > 0 for median in medians)
    assert order == ["view", "bare"] * (sqlfloor.WARM + sqlfloor.TIMED)


def test_search_statements_are_timed_as_the_site_runs_them_never_prepared(db):
    with psycopg.connect(sqlfloor.database_url(), autocommit=True) as conn:
        sqlfloor.median_ms(conn, "SELECT %s::int + 1", [1])
        prepared = conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]

    assert prepared == 0


@pytest.mark.django_db(transaction=True)
def test_the_search_floor_sets_the_views_sql_beside_the_bare_sql_of_the_same_search(monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_COUNTS_CACHED_FROM", 3)
    CaseStudyFactory.create_batch(3, title="Discharge lounge")
    CaseStudyFactory(title="Falls clinic")
    broad = sqlfloor.search_floor(reverse("casestudies:list") + "?q=discharge", "discharge")
    narrow = sqlfloor.search_floor(reverse("casestudies:list") + "?q=falls", "falls")

    assert (broad["matches"], narrow["matches"]) == (3, 1)
    for floor in (broad, narrow):
        assert floor["ranking_ms"] > 0
        assert floor["counting_ms"] > 0
        assert floor["ratio"] == pytest.approx(floor["ranking_ms"] / floor["bare_page_ms"], rel=0.05)
        assert floor["counting_ratio"] == pytest.approx(floor["counting_ms"] / floor["bare_counts_ms"], rel=0.05)
        assert floor["bare_counts_agree"], "the bare counting SQL gives the view's numbers"
        assert floor["bare_page_agrees"], "the bare ranking SQL gives the view's page"
        assert len(floor["view_sql"]) == 2
        assert floor["cards_ms"] > 0
    # The same broad search again reads its kept ranking and counts; a narrow one searches again.
    assert not broad["again_searches_sql"]
    assert narrow["again_searches_sql"]
    assert broad["limit"] == ranking.RANKED_IDS_KEPT
    assert narrow["limit"] == 1, "a page of cards as long as its one match"


@pytest.mark.django_db(transaction=True)
def test_the_search_floor_sets_a_broad_search_beside_bare_sql_sampling_and_ranking_as_it_does(monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_SAMPLE_SIZE", 5)
    monkeypatch.setattr(counting, "ESTIMATED_FROM", 2)
    CaseStudyFactory.create_batch(30, title="Discharge lounge", author=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casestudies_casestudy")

    floor = sqlfloor.search_floor(reverse("casestudies:list") + "?q=discharge", "discharge")

    assert floor["estimated"]
    assert floor["matches"] == 30
    assert floor["bare_counts_agree"], "the bare SQL counts the same sample"
    assert floor["bare_page_agrees"], "the bare SQL ranks the same candidates the same way"
    # The count in the sample, the candidates and their ranking.
    assert len(floor["view_sql"]) == 3
    assert floor["ratio"] == pytest.approx(floor["ranking_ms"] / floor["bare_page_ms"], rel=0.05)


@pytest.mark.django_db(transaction=True)
def test_the_bare_ranking_puts_an_exact_title_match_first_as_the_view_does():
    CaseStudyFactory(title="Falls", summary="A ward changed how it checked on people at night.", author=False)
    CaseStudyFactory.create_batch(
        3, title="Falls clinic", summary="Falls fell: fewer falls after falls checks.", author=False
    )

    floor = sqlfloor.search_floor(reverse("casestudies:list") + "?q=falls", "falls")

    assert floor["matches"] == 4
    assert floor["bare_page_agrees"], "the exact title first in both, though the others rank higher on their text"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text", ["falls", '"falls clinic"'])
def test_the_bare_ranking_weighs_title_summary_and_topics_and_breaks_ties_as_the_view_does(text):
    long_ago = timezone.now() - timedelta(days=30)
    CaseStudyFactory(title="Ward work", lessons="A falls clinic helped.", author=False)
    CaseStudyFactory(title="Clinic work", summary="A falls clinic for older people.", author=False)
    CaseStudyFactory(title="Clinic", topics=[TopicFactory(name="Falls clinic")], author=False)
    CaseStudyFactory(title="Falls clinic", featured=True, published_at=long_ago, author=False)
    adapted = CaseStudyFactory(title="Falls clinic", published_at=long_ago, author=False)
    CaseStudy.objects.filter(pk=adapted.pk).update(adaptation_count=3)
    CaseStudyFactory.create_batch(2, title="Falls clinic", author=False)

    floor = sqlfloor.search_floor(reverse("casestudies:list") + "?" + urlencode({"q": text}), text)

    assert floor["matches"] == 7
    assert floor["bare_page_agrees"], "the same order in both, down to the ties"


def test_the_search_table_sets_the_views_counting_beside_bare_sql_giving_the_same_counts():
    row = {"name": "search, common term", "query": "discharge", "matches": 300, "match_share": 0.3,
           "ranking_ms": 30.0, "bare_page_ms": 29.0, "ratio": 1.03, "counting_ms": 44.0, "bare_counts_ms": 40.0,
           "counting_ratio": 1.1, "bare_counts_agree": True, "bare_count_ms": 11.0, "cards_ms": 2.0,
           "first_all_sql_ms": 80.0, "view_all_sql_ms": 2.5, "again_searches_sql": False}  # fmt: skip

    agreeing = report.search_table({"search_sql": [row]})
    differing = report.search_table({"search_sql": [{**row, "bare_counts_agree": False}]})
    other_page = report.search_table({"search_sql": [{**row, "bare_page_agrees": False}]})

    expected = "| 44.00 / 40.00 | 1.1x | 11.00 | 2.00 | 80.00 | 2.50 (kept ranking and counts: cards only) |"
    assert expected in agreeing[-1]
    assert "1.1x (**the counts differ**)" in differing[-1]
    assert "| 1.03x (**the pages differ**) |" in other_page[-1]


def test_the_benchmark_runs_the_celery_worker_with_as_many_processes_as_the_procfile():
    procfile = (BASE_DIR / "Procfile.dev").read_text()

    assert f"worker --loglevel=INFO --concurrency={scenarios.WORKER_PROCESSES}" in procfile


def test_the_scale_out_plan_names_one_worker_machine_in_the_singular():
    result = result_with([{"name": "framework floor", "status": 200, "queries": 0, "rps": 1000.0}])
    result["main"]["digests"] = {"per_second": 375.0, "worker_processes": 4}

    text = report.scale_out(result)

    assert "about 3 worker processes at this rate, i.e. 1 two-core worker machine running 4 (the work" in text
