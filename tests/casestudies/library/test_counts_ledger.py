"""The ledger of the published library's counts follows every change as counting afresh would,
and the library's pages read it: the whole library's counts, and a single chosen facet's own."""

import threading

import pytest
from django.db import connection, connections
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from casestudies.library import browse, counting, ledger
from casestudies.library.models import Benefit, CaseStudy, Evidence, LibraryCount, OutcomeMeasure, Status
from casestudies.tasks import compact_library_counts
from tests.casestudies.factories import (
    CareSettingFactory,
    CaseStudyFactory,
    ImprovementApproachFactory,
    OutcomeMeasureFactory,
    RegionFactory,
    TopicFactory,
)


def counted_afresh() -> tuple[int, dict[str, dict[str, int]]]:
    """The whole library's counts as a browse without a filter counted them before the ledger."""
    query = browse.LibraryQuery()
    counted = counting._counted(browse.base_queryset(query), query)
    return counted.total, {facet: counts for facet, counts in counted.by_facet.items() if counts}


def from_ledger() -> tuple[int, dict[str, dict[str, int]]]:
    return ledger.whole_library()


@pytest.mark.django_db
def test_the_ledger_follows_every_change_to_the_published_library():
    flow, safety = TopicFactory(name="Patient flow"), TopicFactory(name="Safety")
    acute = CareSettingFactory(name="Acute")
    lean = ImprovementApproachFactory(name="Lean")
    north, south = RegionFactory(name="North"), RegionFactory(name="South")
    steps = []

    published = CaseStudyFactory(topics=[flow, safety], care_settings=[acute], approaches=[lean], region=north)
    OutcomeMeasureFactory(case_study=published, benefit=Benefit.STAFF)
    second_staff = OutcomeMeasureFactory(case_study=published, benefit=Benefit.STAFF)
    OutcomeMeasureFactory(case_study=published, benefit=Benefit.POPULATION)
    steps.append("published with terms and measures")
    draft = CaseStudyFactory(topics=[flow], region=south, status=Status.DRAFT)
    OutcomeMeasureFactory(case_study=draft, benefit=Benefit.SYSTEM)
    steps.append("a draft")
    assert from_ledger() == counted_afresh()

    def check(step: str) -> None:
        assert from_ledger() == counted_afresh(), f"after: {step}"

    draft.status = Status.PUBLISHED
    draft.save()
    check("the draft published")
    published.topics.remove(safety)
    check("a topic taken away")
    published.topics.add(safety)
    draft.care_settings.add(acute)
    check("terms added")
    published.region = south
    published.save()
    check("moved to another region")
    CaseStudy.objects.filter(pk=draft.pk).update(region=None, evidence=Evidence.SERIES)
    check("region cleared, evidence found")
    second_staff.benefit = Benefit.ORGANISATION
    second_staff.save()
    check("a measure given another benefit, one staff measure left")
    OutcomeMeasure.objects.filter(case_study=published, benefit=Benefit.STAFF).delete()
    check("the last staff measure removed")
    safety.delete()
    check("a topic deleted")
    north.delete()
    check("a region deleted")
    CaseStudy.objects.filter(pk=published.pk).update(status=Status.DRAFT)
    check("retracted")
    published.approaches.clear()
    check("a draft's terms cleared")
    CaseStudy.objects.filter(pk=published.pk).update(status=Status.PUBLISHED)
    check("published again")
    draft.delete()
    check("a published case study deleted")
    assert counted_afresh()[0] == 1


@pytest.mark.django_db
def test_folding_the_ledger_keeps_every_count_in_fewer_lines():
    flow = TopicFactory()
    first = CaseStudyFactory(topics=[flow])
    CaseStudyFactory(topics=[flow])
    CaseStudy.objects.filter(pk=first.pk).update(status=Status.DRAFT)
    before, lines = from_ledger(), LibraryCount.objects.count()

    kept = compact_library_counts()

    assert from_ledger() == before == counted_afresh()
    assert kept == LibraryCount.objects.count() < lines
    # One line a count still counted: the total and the topic.
    assert sorted(LibraryCount.objects.values_list("facet", "n")) == [("topic", 1), ("total", 1)]


@pytest.mark.django_db
def test_the_whole_library_is_counted_from_the_ledger_alone(client):
    flow = TopicFactory(name="Patient flow")
    CaseStudyFactory(topics=[flow])
    with CaptureQueriesContext(connection) as queries:
        found = counting._count(browse.base_queryset(browse.LibraryQuery()), browse.LibraryQuery())

    counting_statements = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert len(counting_statements) == 1
    assert LibraryCount._meta.db_table in counting_statements[0]
    assert CaseStudy._meta.db_table not in counting_statements[0]
    topics = next(counted for counted in found.facets if counted.facet.parameter == "topic")
    assert (found.total, [(v.slug, v.count) for v in topics.values]) == (1, [("patient-flow", 1)])


def _chosen(params: str) -> browse.LibraryQuery:
    query = browse.parse(QueryDict(params))
    browse.drop_unknown_terms(query)
    return query


def _counted_without_ledger(query: browse.LibraryQuery) -> tuple[int, dict[str, dict[str, int]]]:
    """The counts of a filtered browse as every part of them was counted before the ledger."""
    matched_sql, params = (
        browse.base_queryset(query).order_by().values("id", "region_id", "evidence").query.sql_with_params()
    )
    params = list(params)
    sql = counting._counts_sql(matched_sql, counting._conditions(counting._chosen(query), params), each_match=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_facet: dict[str, dict[str, int]] = {facet.parameter: {} for facet in counting.FACETS}
    for facet, term, n in rows:
        if facet != "total":
            by_facet[facet][term] = n
    return next(n for facet, _term, n in rows if facet == "total"), by_facet


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        "topic=flow",
        "setting=acute",
        "region=north",
        "benefit=staff",
        "evidence=data-over-time",
        "topic=flow&region=north",
    ],
)
def test_a_chosen_facet_is_counted_as_before(params):
    flow, safety = TopicFactory(name="Flow"), TopicFactory(name="Safety")
    acute, community = CareSettingFactory(name="Acute"), CareSettingFactory(name="Community")
    north = RegionFactory(name="North")
    shapes = [
        ([flow], [acute], north, Benefit.STAFF, Evidence.SERIES),
        ([flow, safety], [community], None, Benefit.POPULATION, ""),
        ([safety], [acute, community], north, Benefit.STAFF, Evidence.SUSTAINED),
        ([], [acute], None, Benefit.SYSTEM, Evidence.SERIES),
    ]
    for topics, settings, region, benefit, evidence in shapes:
        case_study = CaseStudyFactory(topics=topics, care_settings=settings, region=region)
        OutcomeMeasureFactory(case_study=case_study, benefit=benefit)
        CaseStudy.objects.filter(pk=case_study.pk).update(evidence=evidence)
    CaseStudyFactory(topics=[flow], care_settings=[acute], region=north, status=Status.DRAFT)
    query = _chosen(params)

    counted = counting._counted(browse.base_queryset(query), query)
    assert (counted.total, counted.by_facet) == _counted_without_ledger(query)


@pytest.mark.django_db(transaction=True)
def test_a_term_added_while_the_case_study_is_published_is_counted_once():
    """A member's edit links a topic in one transaction while a curator publishes the case study in
    another: the publish waits for the edit, and counts the topic the edit left."""
    flow = TopicFactory(name="Patient flow")
    draft = CaseStudyFactory(status=Status.DRAFT)
    linked, publish_waiting = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def edit() -> None:
        try:
            from django.db import transaction

            with transaction.atomic():
                draft.topics.add(flow)
                linked.set()
                publish_waiting.wait(timeout=30)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    def publish() -> None:
        try:
            CaseStudy.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    editor = threading.Thread(target=edit)
    editor.start()
    assert linked.wait(timeout=30)
    curator = threading.Thread(target=publish)
    curator.start()
    # The publish is seen waiting on the edit's lock before the edit commits.
    with connection.cursor() as cursor:
        for _ in range(3000):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE%%'"
            )
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.01)
    publish_waiting.set()
    editor.join(timeout=30)
    curator.join(timeout=30)

    assert not errors
    assert from_ledger() == counted_afresh() == (1, {"topic": {str(flow.pk): 1}})
