"""The case study library's reads: CaseStudyQuerySet, with one method per question the pages,
the API and the digests ask (what is visible to whom, the filters, what a card or a page shows)."""

from typing import TYPE_CHECKING, Any, cast

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import JSONObject, Mod

from casestudies.library.models.choices import Status
from casestudies.library.models.parts import CaseStudyAuthor, OutcomeMeasure
from members.permissions import acts_as_curator

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

    from casestudies.library.models.case_study import CaseStudy  # noqa: F401 (named in a string below)
    from members.models import User


# A fixed, even sample of the library for estimating how many case studies a broad search finds.
# Each case study falls in one of SAMPLE_BUCKETS buckets, (id x 633) mod 1024: multiplying by
# an odd number near 1024 / golden ratio spreads consecutive ids evenly over the buckets, so the
# case studies in the lowest k buckets are about k / 1024 of the library, old and new alike.
SAMPLE_BUCKETS = 1024
SAMPLE_SPREAD = 633
SAMPLE_BUCKET = Mod(models.F("id") * SAMPLE_SPREAD, SAMPLE_BUCKETS, output_field=models.IntegerField())


class ReaderHasRow(models.Func):
    """Whether a row of `model` names this case study and the reader (its `reader` field): what
    `Exists(model.objects.filter(case_study=OuterRef("pk"), reader=user))` says, written out.

    Built and compiled on every signed-in request, each such Exists cost about half a millisecond
    of the ORM's time (the three on a case study's page, a quarter of its time once its parts are
    kept); this costs a tenth of that. The case study's column is compiled as an expression, so
    the SQL is right wherever the query is used (as a subquery too)."""

    output_field = models.BooleanField()

    def __init__(self, model: type[models.Model], reader: str, user_id: int) -> None:
        super().__init__(models.F("pk"))
        self.model, self.reader, self.user_id = model, reader, user_id

    def as_sql(  # type: ignore[override]
        self, compiler: "SQLCompiler", connection: "BaseDatabaseWrapper", **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        case_study, params = compiler.compile(self.get_source_expressions()[0])
        quote, meta = connection.ops.quote_name, self.model._meta
        table = quote(meta.db_table)
        of, by = (
            quote(cast("models.Field[Any, Any]", meta.get_field(name)).column) for name in ("case_study", self.reader)
        )
        # Names quoted from the model, the reader's id a parameter.
        sql = f"EXISTS(SELECT 1 FROM {table} reader_row WHERE reader_row.{of} = {case_study} AND reader_row.{by} = %s)"  # noqa: S608
        return sql, (*params, self.user_id)


class TitleVector(models.Func):
    """The title alone as a tsvector (the expression of an index, so it is never stored)."""

    template = "to_tsvector('english'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def header_prefetches() -> "list[str | models.Prefetch[Any, Any, Any]]":
    """What a case study's header shows besides its row: its terms, organisations and authors."""
    return [
        "topics",
        "care_settings",
        "approaches",
        "organisations",
        models.Prefetch("authors", queryset=CaseStudyAuthor.objects.select_related("member")),
        # The byline names only authors whose accounts are open and not hidden.
        models.Prefetch("authors", queryset=CaseStudyAuthor.objects.shown().select_related("member"), to_attr="byline"),
    ]


# What a case study's page reads of its row around its kept parts (core.kept_parts): the rest
# (about 12 KB of sections, their Markdown and the search vector) only its parts show.
PAGE_ROW = ("title", "slug", "status")


class CaseStudyQuerySet(models.QuerySet["CaseStudy"]):
    def published(self) -> "CaseStudyQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def in_sample(self, buckets: int) -> "CaseStudyQuerySet":
        """The case studies in the lowest `buckets` of SAMPLE_BUCKETS: about buckets / SAMPLE_BUCKETS of them."""
        return self.alias(sample_bucket=SAMPLE_BUCKET).filter(sample_bucket__lt=buckets)

    def authored_by(self, user: "User") -> "CaseStudyQuerySet":
        """Case studies that list the member as an author (without duplicates)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Exists(CaseStudyAuthor.objects.filter(case_study=OuterRef("pk"), member=user)))

    def visible_to(self, user: "User") -> "CaseStudyQuerySet":
        """The one visibility rule: published ones for everyone, a member's own in any status, all for
        curators (with two-factor authentication, as curator pages ask)."""
        if acts_as_curator(user):
            return self.all()
        if not user.is_authenticated:
            return self.published()
        return self.filter(Q(status=Status.PUBLISHED) | ReaderHasRow(CaseStudyAuthor, "member", user.pk))

    def with_reader_state(self, user: "User") -> "CaseStudyQuerySet":
        """Whether the reader is an author of each one (`reader_is_author`) and has saved it
        (`reader_saved`), in the same query."""
        if not user.is_authenticated:
            return self.annotate(reader_is_author=Value(False), reader_saved=Value(False))
        from .collections import Bookmark  # collections builds on the case study model

        return self.annotate(
            reader_is_author=ReaderHasRow(CaseStudyAuthor, "member", user.pk),
            reader_saved=ReaderHasRow(Bookmark, "user", user.pk),
        )

    def for_page_around_parts(self) -> "CaseStudyQuerySet":
        """Only what a case study's page shows around its kept parts: its title, address and status.
        A part made afresh needs the rest, which the page then loads in one query."""
        return self.only(*PAGE_ROW)

    def featured(self) -> "CaseStudyQuerySet":
        return self.filter(featured=True)

    def awaiting_review(self) -> "CaseStudyQuerySet":
        """The curators' queue: submitted case studies (new ones and revisions), longest waiting first."""
        return self.filter(status=Status.SUBMITTED).order_by(models.F("submitted_at").asc(nulls_first=True), "id")

    def assigned_to(self, user: "User") -> "CaseStudyQuerySet":
        return self.filter(reviewer=user)

    def unassigned(self) -> "CaseStudyQuerySet":
        return self.filter(reviewer__isnull=True)

    def newest_first(self) -> "CaseStudyQuerySet":
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")

    def oldest_first(self) -> "CaseStudyQuerySet":
        return self.order_by(models.F("published_at").asc(nulls_last=True), "id")

    def most_adapted_first(self) -> "CaseStudyQuerySet":
        """Most visible adaptations first; among equals the newest, then by id, so pages never shuffle."""
        return self.order_by("-adaptation_count", models.F("published_at").desc(nulls_last=True), "-id")

    def adapted(self) -> "CaseStudyQuerySet":
        """Case studies with at least one visible adaptation."""
        return self.filter(adaptation_count__gt=0)

    def _with_any(self, through: type[models.Model], field: str, slugs: list[str]) -> "CaseStudyQuerySet":
        # Exists keeps one row per case study however many of the slugs match (OR within a facet).
        if not slugs:
            return self
        tagged = through._default_manager.filter(casestudy_id=OuterRef("pk"), **{f"{field}__slug__in": slugs})
        return self.filter(Exists(tagged))

    def for_topics(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self._with_any(self.model.topics.through, "topic", slugs)

    def for_care_settings(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self._with_any(self.model.care_settings.through, "caresetting", slugs)

    def for_approaches(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self._with_any(self.model.approaches.through, "improvementapproach", slugs)

    def for_benefits(self, lenses: list[str]) -> "CaseStudyQuerySet":
        """Case studies with at least one outcome measure seen through any of the lenses."""
        if not lenses:
            return self
        return self.filter(Exists(OutcomeMeasure.objects.filter(case_study_id=OuterRef("pk"), benefit__in=lenses)))

    def for_evidence(self, kinds: list[str]) -> "CaseStudyQuerySet":
        return self.filter(evidence__in=kinds) if kinds else self

    def for_regions(self, slugs: list[str]) -> "CaseStudyQuerySet":
        return self.filter(region__slug__in=slugs) if slugs else self

    def with_header(self) -> "CaseStudyQuerySet":
        """What every reader of a case study's page gets made for them: its terms, organisations
        and authors (the rest is in parts kept for all readers, which read it when made)."""
        return self.select_related("region").prefetch_related(*header_prefetches())

    def with_detail(self) -> "CaseStudyQuerySet":
        """Everything one case study's page shows, in a fixed number of queries: with its header,
        its measures with their series, links and attachments. The curators' review page and the
        API's record read the same."""
        return self.with_header().prefetch_related("outcomes__points", "links", "attachments")

    def with_card_data(self) -> "CaseStudyQuerySet":
        """Everything a card in a list shows, in a fixed number of queries."""
        return self.select_related("region").prefetch_related("topics", "organisations").with_headline()

    def with_headline(self) -> "CaseStudyQuerySet":
        """Adds the first outcome measure as `headline_outcome`, in the same query (cards and digests show it)."""
        first = (
            OutcomeMeasure.objects.filter(case_study_id=OuterRef("pk"))
            .order_by("position", "id")
            .values(json=JSONObject(label="label", before="before", after="after", unit="unit", better="better"))[:1]
        )
        return self.annotate(headline_outcome=Subquery(first, output_field=models.JSONField()))

    def only_card_columns(self) -> "CaseStudyQuerySet":
        """Reads only the columns a card shows: ranking a search sorts every matching row, and
        whole rows (every section of the text) made that sort ten times slower."""
        return self.only(
            "id",
            "title",
            "slug",
            "summary",
            "published_at",
            "reading_minutes",
            "status",
            "region",
            "adaptation_count",
            "evidence",
            "featured",
        )

    def for_cards(self) -> "CaseStudyQuerySet":
        return self.with_card_data().only_card_columns()
