"""The report's growth table: pages made afresh, first visits and the search SQL at each size."""

from bench import report


def test_growth_compares_pages_made_afresh():
    def point(case_studies: int, fresh_p50: float) -> dict:
        row = {"name": "case study list", "status": 200, "queries": 3, "rps": 500.0, "p50_ms": 2.0,
               "fresh": {"rps": 1000 / fresh_p50, "p50_ms": fresh_p50}}  # fmt: skip
        return {"sizes": {"scale": 1, "case_studies": case_studies}, "pages": [row]}

    lines = report.growth_table([point(10_000, 20.0), point(100_000, 25.0)])

    assert "| case study list | 20.0 | 25.0 | 1.25x | 50.0 | 40.0 |" in lines


def test_growth_over_three_sizes_shows_each_step_and_the_first_search_of_a_text():
    def point(case_studies: int, fresh_p50: float, first_seconds: float, ranking_ms: float) -> dict:
        row = {"name": "search, common term", "status": 200, "queries": 3, "rps": 500.0, "p50_ms": 2.0,
               "fresh": {"rps": 1000 / fresh_p50, "p50_ms": fresh_p50},
               "fresh_first_visits": {"requests": 1, "seconds": first_seconds}}  # fmt: skip
        sql = {"name": "search, common term", "ranking_ms": ranking_ms, "counting_ms": ranking_ms / 2}
        return {"sizes": {"scale": 1, "case_studies": case_studies}, "pages": [row], "search_sql": [sql]}

    lines = report.growth_table([point(10_000, 20.0, 0.1, 8.0), point(100_000, 25.0, 0.4, 80.0),
                                 point(1_000_000, 50.0, 2.0, 400.0)])  # fmt: skip

    assert lines[0].startswith("| page | p50 ms at 10,000 | p50 ms at 100,000 | p50 ms at 1,000,000 |")
    assert "| search, common term | 20.0 | 25.0 | 50.0 | 1.25x | 2.00x | 50.0 | 20.0 |" in lines
    assert (
        "| search, common term: the first search of the text | 100.0 | 400.0 | 2,000.0 | 4.00x | 5.00x |  |  |" in lines
    )
    assert (
        "| search, common term: ranking SQL, first search of the text | 8.00 | 80.0 | 400.0 | 10.00x | 5.00x |  |  |"
        in lines
    )
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_growth_shows_the_first_visit_after_a_change_for_a_visitor_and_the_member():
    def point(case_studies: int, visitor_ms: float, member_ms: float) -> dict:
        row = {"name": "case study detail", "status": 200, "queries": 3, "rps": 500.0, "p50_ms": 2.0,
               "fresh": {"rps": 100.0, "p50_ms": 10.0},
               "first_visit": {"visitor_ms": visitor_ms, "member_ms": member_ms}}  # fmt: skip
        return {"sizes": {"scale": 1, "case_studies": case_studies}, "pages": [row]}

    lines = report.growth_table([point(100_000, 40.0, 30.0), point(1_000_000, 60.0, 33.0)])

    assert "| case study detail: first visit after a change, visitor | 40.0 | 60.0 | 1.50x |  |  |" in lines
    assert "| case study detail: first visit after a change, member | 30.0 | 33.0 | 1.10x |  |  |" in lines
