"""“Most adapted”: the stored count behind the library's sort order, the home page section and the API."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_save
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from casestudies.library import browse
from casestudies.library.models import CaseStudy, Status
from casestudies.spread.models import Adaptation
from casestudies.spread.services.adaptations import adaptation_hide, adaptation_record, adaptation_unhide
from tests.casestudies.factories import (
    CaseStudyFactory,
    TopicFactory,
    fully_tagged_case_study,
)
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")


def adapt(case_study, times: int = 1, **kwargs) -> list[Adaptation]:
    return [
        adaptation_record(
            member=UserFactory(),
            case_study=case_study,
            organisation=kwargs.get("organisation", f"Trust {n}"),
            changes="We run it weekly.",
            adapted_as=kwargs.get("adapted_as"),
        )
        for n in range(times)
    ]


def count_of(case_study) -> int:
    return CaseStudy.objects.values_list("adaptation_count", flat=True).get(pk=case_study.pk)


def listed(client, **params) -> list[str]:
    response = client.get(LIST, {"sort": "most_adapted", **params})
    assert response.status_code == 200
    return [case_study.title for case_study in response.context["page"].object_list]


def published_days_ago(days: int, **kwargs):
    return CaseStudyFactory(published_at=timezone.now() - timedelta(days=days), **kwargs)


class TestTheCount:
    def test_recording_hiding_and_showing_again_keep_the_count(self):
        case_study = CaseStudyFactory()
        first, _second = adapt(case_study, 2)
        assert count_of(case_study) == 2

        adaptation_hide(adaptation=first, reason="Not genuine.")
        assert count_of(case_study) == 1

        adaptation_unhide(adaptation=first)
        assert count_of(case_study) == 2
        first.refresh_from_db()
        assert (first.hidden, first.hidden_reason) == (False, "")

    def test_an_adaptation_counts_before_its_own_case_study_is_published(self):
        case_study = CaseStudyFactory()
        member = UserFactory()
        draft = CaseStudyFactory(author=member, status=Status.DRAFT)

        adaptation_record(member=member, case_study=case_study, organisation="York", changes="x", adapted_as=draft)

        assert count_of(case_study) == 1

    def test_saving_a_copy_read_before_the_adaptation_keeps_the_count(self):
        case_study = CaseStudyFactory(title="Before")
        stale = CaseStudy.objects.get(pk=case_study.pk)
        adapt(case_study, 2)

        stale.title = "After"
        stale.save()

        case_study.refresh_from_db()
        assert (case_study.title, case_study.adaptation_count) == ("After", 2)

    def test_a_full_save_is_a_full_save_for_whoever_listens(self):
        """Receivers of post_save are told the truth: a save() without update_fields wrote every
        field (the count read afresh), rather than being turned into a partial save behind their back."""
        case_study = CaseStudyFactory(title="Before")
        stale = CaseStudy.objects.get(pk=case_study.pk)
        adapt(case_study, 1)
        heard = []

        def listen(sender, instance, update_fields, **kwargs):
            heard.append(update_fields)

        post_save.connect(listen, sender=CaseStudy, dispatch_uid="test_full_save")
        try:
            stale.title = "After"
            stale.save()
        finally:
            post_save.disconnect(dispatch_uid="test_full_save", sender=CaseStudy)

        assert heard == [None]
        assert stale.adaptation_count == 1

    def test_curators_hide_and_show_adaptations_again_from_the_admin_list(self, client):
        case_study = CaseStudyFactory()
        adaptations = adapt(case_study, 2)
        client.force_login(CuratorFactory(is_superuser=True))
        changelist = reverse("admin:casestudies_adaptation_changelist")
        selected = [str(adaptation.pk) for adaptation in adaptations]

        client.post(changelist, {"action": "hide", "_selected_action": selected})
        assert count_of(case_study) == 0

        client.post(changelist, {"action": "unhide", "_selected_action": selected})
        assert count_of(case_study) == 2
        assert not Adaptation.objects.filter(hidden=True).exists()

    def test_editing_and_deleting_in_the_admin_recount(self, client):
        first, second = CaseStudyFactory(), CaseStudyFactory()
        [adaptation] = adapt(first)
        client.force_login(CuratorFactory(is_superuser=True))
        change = reverse("admin:casestudies_adaptation_change", args=[adaptation.pk])

        response = client.post(
            change,
            {
                "case_study": str(second.pk),
                "member": str(adaptation.member_id),
                "organisation": adaptation.organisation,
                "changes": adaptation.changes,
                "status": adaptation.status,
                "adapted_as": "",
                "hidden_reason": "",
            },
        )
        assert response.status_code == 302
        assert (count_of(first), count_of(second)) == (0, 1)

        response = client.post(reverse("admin:casestudies_adaptation_delete", args=[adaptation.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert count_of(second) == 0

    def test_the_migration_counts_adaptations_recorded_before_it(self):
        shown = CaseStudyFactory()
        adapt(shown, 2)
        hidden_only = CaseStudyFactory()
        [bogus] = adapt(hidden_only)
        Adaptation.objects.filter(pk=bogus.pk).update(hidden=True, hidden_reason="Spam.")
        CaseStudy.objects.update(adaptation_count=0)
        migration = importlib.import_module("casestudies.migrations.0008_adaptation_count")

        migration.count_adaptations(apps, None)

        assert (count_of(shown), count_of(hidden_only)) == (2, 0)


class TestTheLibraryOrder:
    def test_most_adapted_first_counting_only_visible_adaptations_then_newest_then_latest_made(self, client):
        once_old = published_days_ago(9, title="Once, older")
        once_new = published_days_ago(2, title="Once, newer")
        twice = published_days_ago(30, title="Twice")
        hidden_thrice = published_days_ago(1, title="Three, two hidden")
        never = published_days_ago(0, title="Never")
        same_day = timezone.now() - timedelta(days=5)
        tie_first = CaseStudyFactory(title="Tie, made first", published_at=same_day)
        tie_second = CaseStudyFactory(title="Tie, made second", published_at=same_day)
        for case_study in (once_old, once_new, tie_first, tie_second):
            adapt(case_study)
        adapt(twice, 2)
        for adaptation in adapt(hidden_thrice, 3)[:2]:
            adaptation_hide(adaptation=adaptation, reason="Not genuine.")
        assert never.adaptation_count == 0

        assert listed(client) == [
            "Twice",
            "Three, two hidden",
            "Once, newer",
            "Tie, made second",
            "Tie, made first",
            "Once, older",
            "Never",
        ]

    def test_adaptations_of_a_case_study_no_longer_published_do_not_list_it(self, client):
        archived = CaseStudyFactory(title="Archived")
        adapt(archived, 3)
        CaseStudy.objects.filter(pk=archived.pk).update(status=Status.ARCHIVED)
        CaseStudyFactory(title="Current")

        assert listed(client) == ["Current"]

    def test_the_sort_is_offered_works_with_search_and_filters_and_cards_say_how_many(self, client):
        flow = TopicFactory(slug="flow")
        adapt(CaseStudyFactory(title="Discharge huddles", topics=[flow], actions="Discharge huddles daily."), 2)
        adapt(CaseStudyFactory(title="Discharge lounge", topics=[flow], actions="A discharge lounge."))
        CaseStudyFactory(title="Discharge elsewhere", actions="Discharge work.")

        assert listed(client, q="discharge", topic="flow") == ["Discharge huddles", "Discharge lounge"]
        html = client.get(LIST, {"sort": "most_adapted"}).content.decode()
        assert '<option value="most_adapted" selected>Most adapted</option>' in html
        assert "Adapted by 2 organisations" in html
        assert "Adapted by 1 organisation<" in html or "Adapted by 1 organisation\n" in html

    def test_the_sort_is_kept_when_moving_between_pages(self, client):
        for n in range(browse.PAGE_SIZE + 1):
            CaseStudyFactory(title=f"Study {n}")
        response = client.get(LIST, {"sort": "most_adapted"})
        assert "sort=most_adapted" in response.context["page_links"].next_url

    def test_the_list_runs_the_same_fixed_number_of_queries_sorted_by_most_adapted(
        self, client, django_assert_max_num_queries
    ):
        for n in range(25):
            case_study = fully_tagged_case_study(n)
            if n % 3 == 0:
                adapt(case_study)
        with django_assert_max_num_queries(8):
            client.get(LIST, {"sort": "most_adapted"})
        with django_assert_max_num_queries(9):
            client.get(LIST, {"q": "falls", "topic": "topic-1", "page": "2", "sort": "most_adapted"})

    def test_a_page_of_the_most_adapted_is_read_from_the_index_in_order(self):
        """Enough rows that the planner would rather sort the table, were there no index to read in order."""
        CaseStudy.objects.bulk_create(
            [
                CaseStudy(
                    title=f"Routine study {n}",
                    slug=f"routine-{n}",
                    summary="Ordinary work.",
                    status=Status.PUBLISHED,
                    published_at=timezone.now() - timedelta(hours=n),
                    adaptation_count=n % 7,
                )
                for n in range(3000)
            ],
            batch_size=1000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE casestudies_casestudy")

        page = browse.results(browse.base_queryset(), browse.parse(QueryDict("sort=most_adapted")))[: browse.PAGE_SIZE]
        plan = page.explain()

        assert "casestudy_published_adapted" in plan
        assert "Sort" not in plan
        counts = [case_study.adaptation_count for case_study in page]
        assert counts == [6] * browse.PAGE_SIZE


def most_adapted_section(html: str) -> str:
    start = html.index('id="most-adapted-heading"')
    return html[start : html.index("</section>", start)]


class TestTheHomePage:
    def test_the_most_adapted_are_shown_with_how_many_organisations_adapt_them(self, client):
        adapt(CaseStudyFactory(title="Huddles"), 3)
        adapt(CaseStudyFactory(title="Lounge"))
        for adaptation in adapt(CaseStudyFactory(title="Only bogus"), 2):
            adaptation_hide(adaptation=adaptation, reason="Not genuine.")
        draft = CaseStudyFactory(title="Went back to draft")
        adapt(draft)
        CaseStudy.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)

        response = client.get("/")
        html = response.content.decode()

        assert "Most adapted" in html
        section = most_adapted_section(html)
        assert section.index("Huddles") < section.index("Lounge")
        assert "Adapted by 3 organisations" in section
        assert "Adapted by 1 organisation<" in section
        assert "Only bogus" not in section
        assert "Went back to draft" not in html

    def test_at_most_three_are_shown(self, client):
        for n in range(5):
            adapt(CaseStudyFactory(title=f"Adapted {n}"), 1 + n)
        html = client.get("/").content.decode()
        section = most_adapted_section(html)
        assert [f"Adapted {n}" in section for n in range(5)] == [False, False, True, True, True]

    def test_the_section_is_left_out_until_something_is_adapted(self, client):
        CaseStudyFactory()
        [adaptation] = adapt(CaseStudyFactory())
        adaptation_hide(adaptation=adaptation, reason="Not genuine.")

        assert "Most adapted" not in client.get("/").content.decode()

    def test_the_home_page_still_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        for _ in range(8):
            adapt(CaseStudyFactory(topics=[TopicFactory()]), 2)
        with django_assert_max_num_queries(10):
            response = client.get("/")
        assert len(response.context["sections"]) >= 2


class TestTheApi:
    def test_the_case_study_list_sorts_by_most_adapted_and_gives_the_count(self, client):
        adapt(CaseStudyFactory(slug="once"))
        adapt(CaseStudyFactory(slug="twice"), 2)
        CaseStudyFactory(slug="never")

        response = client.get("/api/v1/case-studies/", {"sort": "most_adapted"})

        assert response.status_code == 200
        results = response.json()["results"]
        assert [(row["slug"], row["adaptation_count"]) for row in results] == [("twice", 2), ("once", 1), ("never", 0)]
