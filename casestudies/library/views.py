import functools
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from casestudies.library import (
    browse,
    charts,
    counting,
    page_keys,
    page_rows,
    ranking,
    related,
    search,
    taxonomy,
    vocabulary,
)
from casestudies.library.models import CaseStudy, Collection
from casestudies.library.models.queries import header_prefetches
from casestudies.library.services import bookmark_add, bookmark_remove
from casestudies.spread.models import Adaptation
from core.kept_parts import kept_part, kept_parts, render_part
from members import follows
from members.permissions import acts_as_curator

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a <script type="application/ld+json"> block; <, > and & are escaped so it cannot end the block."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))  # noqa: S308


class CaseStudyListView(TemplateView):
    page_dependencies = staticmethod(lambda: (page_keys.LIBRARY,))
    # A search reads the vocabulary's version on every request, and the page's kept part varies
    # with its address alone: both are read with the page's versions (core.page_cache).
    page_reads_ahead = (vocabulary.VERSION_CACHE_KEY,)
    page_parts_ahead = staticmethod(lambda request: [("library", request.get_full_path())])
    page_keys_ahead = staticmethod(browse.terms_keys_ahead)
    """The library: search, facets with counts, and a page of cards. htmx requests get the results region only."""

    template_name = "casestudies/casestudy_list.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx and not self.request.htmx.history_restore_request:
            return ["casestudies/includes/library.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        with vocabulary.read_once():
            return self._context_data(**kwargs)

    def _context_data(self, **kwargs):
        query = browse.parse(self.request.GET)
        browse.drop_unknown_terms(query)
        made: dict[str, Any] = {}

        def library_part() -> str:
            made.update(self._library(query))
            return render_part("casestudies/includes/library_part.html", made)

        # As page_parts_ahead names it.
        part = kept_part(self.request, "library", library_part, vary=self.request.get_full_path())
        # What the part was made from, when it was made now, for whoever reads the view's context.
        personal = {"follow_buttons": follows.buttons(self.request.user, _followable_terms(query))}
        return super().get_context_data(**{**made, **kwargs, "query": query, "library_part": part, **personal})

    @staticmethod
    def _library(query: browse.LibraryQuery) -> dict[str, Any]:
        """The search form, facets and results: the same for every reader."""
        base = browse.base_queryset(query)
        counts = counting.counts(base, query)
        # A search finding nothing suggests a close word; worked out first, as reading the library's
        # words also lets the near matches read a misspelt word as the library's closest.
        suggestion = search.suggest(query.text) if query.is_search and counts.total == 0 else None
        cards = ranking.result_cards(base, query, counts)
        page = browse.paginate(cards, query, count=counts.total)
        near_matches = getattr(cards, "near", [])
        for case_study in [*page.object_list, *near_matches]:
            marked = getattr(case_study, "snippet_marked", None)
            case_study.snippet = mark_safe(search.snippet_html(marked)) if marked else None  # noqa: S308
        return {
            "query": query,
            "page": page,
            "page_links": browse.page_links(page, query, estimated=counts.estimated),
            "facets": counts.facets,
            "estimated": counts.estimated,
            "ranked_from_newest": search.RANKED_FROM_NEWEST,
            "first_page_url": query.url(page=None),
            "active_filters": browse.active_filters(query),
            "near_matches": near_matches,
            "near_most": getattr(cards, "near_most", True),
            "suggestion": suggestion,
            "suggestion_url": query.url(q=suggestion.text) if suggestion else "",
            "sorts": browse.SORTS,
            "notices": query.notices,
        }


class ShareGuideView(TemplateView):
    """/case-studies/share/: what makes a good case study and how review works, with two to learn from."""

    template_name = "casestudies/share_guide.html"
    EXAMPLES = 2

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Curators' picks first, then the newest, so the examples are good ones while any are featured.
        examples = list(
            CaseStudy.objects.published()
            .order_by("-featured", F("published_at").desc(nulls_last=True), "-id")
            .for_cards()[: self.EXAMPLES]
        )
        return super().get_context_data(examples=examples, **kwargs)


_FOLLOW_KINDS = {kind.key: kind.follow_kind for kind in taxonomy.KINDS if kind.follow_kind}


def _followable_terms(query: browse.LibraryQuery) -> list[follows.Followable]:
    """The topics, settings and approaches the list is filtered by: a topic's library page
    offers to follow it."""
    return [
        follows.Followable(_FOLLOW_KINDS[parameter], term_id, slug, name)
        for parameter, terms in query.selected_terms.items()
        if parameter in _FOLLOW_KINDS
        for slug, (term_id, name) in terms.items()
    ]


DETAIL_PARTS = ("head", "lead", "results", "spread", "sections", "related", "authors", "facts")  # its kept parts


class CaseStudyDetailView(DetailView):
    page_dependencies = staticmethod(lambda slug: (page_keys.case_study(slug),))
    # Read with the page's versions and the session (core.page_cache), as most readers get them:
    # not its authors, who get theirs in a second read.
    page_parts_ahead = staticmethod(lambda request, slug: [(name, "may-adapt=True") for name in DETAIL_PARTS])
    template_name = "casestudies/casestudy_detail.html"
    context_object_name = "case_study"

    # How a member other than a curator is given the row (None: through get_queryset, as a page
    # that narrows it must be).
    member_row = page_rows.page_row_for_member

    def get_queryset(self):
        return page_rows.page_rows(self.request.user)

    def get_object(self, queryset=None):
        user = self.request.user
        if self.member_row is None or queryset is not None or not user.is_authenticated or acts_as_curator(user):
            return super().get_object(queryset)
        return self.member_row.first_or_404("No such case study.", slug=self.kwargs["slug"], member_id=user.pk)

    def get_context_data(self, **kwargs):
        case_study: CaseStudy = self.object
        is_author = case_study.reader_is_author
        may_enter_data = is_author and case_study.is_editable
        may_adapt = case_study.is_published and not is_author
        return super().get_context_data(
            **self._parts(case_study, may_enter_data=may_enter_data, may_adapt=may_adapt),
            may_enter_data=may_enter_data,
            may_ask=self.request.user.is_authenticated and may_adapt,
            bookmarked=case_study.reader_saved,
            **kwargs,
        )

    def _parts(self, case_study: CaseStudy, *, may_enter_data: bool, may_adapt: bool) -> dict[str, SafeString]:
        """Everything but the reader's own links and buttons: the same for every reader of a
        published case study (kept, core.kept_parts); an author entering data gets their own."""
        keep = case_study.is_published and not may_enter_data
        canonical_url = settings.SITE_URL + case_study.get_absolute_url()

        @functools.cache
        def whole() -> None:
            # The rest of the row (CaseStudyQuerySet.for_page_around_parts) and its region, in one query.
            if deferred := case_study.get_deferred_fields():
                whole_row = CaseStudy.objects.select_related("region")
                case_study.refresh_from_db(fields=sorted(deferred), from_queryset=whole_row)

        @functools.cache
        def header() -> CaseStudy:
            prefetch_related_objects([case_study], *header_prefetches())
            return case_study

        def head() -> str:
            schema_org = json_ld(self.schema_org(header(), canonical_url))
            return render_part(
                "casestudies/includes/detail_head.html",
                {"case_study": header(), "canonical_url": canonical_url, "schema_org": schema_org,
                 "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL},
            )  # fmt: skip

        def results() -> str:
            prefetch_related_objects([case_study], "outcomes__points")
            for outcome in case_study.outcomes.all():
                outcome.chart = charts.chart_for(outcome)
            charted = [outcome.chart for outcome in case_study.outcomes.all() if outcome.chart]
            context = {"case_study": case_study, "charts": charted, "may_enter_data": may_enter_data}
            return render_part("casestudies/includes/detail_results.html", context)

        def sections() -> str:
            prefetch_related_objects([case_study], "links", "attachments")
            return render_part("casestudies/includes/detail_sections.html", {"case_study": case_study})

        def related_ones() -> str:
            found = related.related_to(case_study) if case_study.is_published else []
            return render_part("casestudies/includes/detail_related.html", {"related": found})

        def about(template: str) -> Callable[[], str]:
            # The authors and the facts read the header's relations (the lead needs only the row).
            return lambda: render_part(
                f"casestudies/includes/detail_{template}.html",
                {"case_study": header(), "attribution": header().attribution(settings.SITE_NAME)},
            )

        def lead() -> str:
            return render_part("casestudies/includes/detail_lead.html", {"case_study": case_study})

        makers = {"head": head, "lead": lead, "results": results,
                  "spread": lambda: _spread_part(case_study, may_adapt=may_adapt), "sections": sections,
                  "related": related_ones, "authors": about("authors"), "facts": about("facts")}  # fmt: skip
        makers = {name: _after(whole, make) for name, make in makers.items()}
        # The spread's "We are adapting this" link is for readers who are not its authors.
        parts = kept_parts(self.request, makers, vary=f"may-adapt={may_adapt}", keep=keep)
        return {f"{name}_part": html for name, html in parts.items()}

    @staticmethod
    def schema_org(case_study: CaseStudy, canonical_url: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": case_study.title,
            "description": case_study.summary,
            "url": canonical_url,
            "mainEntityOfPage": canonical_url,
            "author": [{"@type": "Person", "name": author.display_name} for author in case_study.byline],
            "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL},
            "about": [topic.name for topic in case_study.topics.all()],
            "timeRequired": f"PT{case_study.reading_minutes}M",
        }
        if case_study.licence_url:
            data["license"] = case_study.licence_url
        if case_study.published_at:
            data["datePublished"] = case_study.published_at
        data["dateModified"] = case_study.updated_at
        if case_study.cover_image:
            data["image"] = settings.SITE_URL + case_study.cover_image.url
        return data


def _after(first: Callable[[], None], make: Callable[[], str]) -> Callable[[], str]:
    def made() -> str:
        first()
        return make()

    return made


def _spread_part(case_study: CaseStudy, *, may_adapt: bool) -> str:
    """How the idea spread, both sides in one query: who adapts this one, and what it was adapted from."""
    found = list(
        Adaptation.objects.visible()
        .filter(Q(case_study=case_study) | Q(adapted_as=case_study))
        .select_related("case_study", "adapted_as")
    )
    return render_part(
        "casestudies/includes/adaptations.html",
        {"case_study": case_study, "may_adapt": may_adapt,
         "adaptations": [a for a in found if a.case_study_id == case_study.pk],
         "adapted_from": next((a for a in found if a.adapted_as_id == case_study.pk), None)},
    )  # fmt: skip


@require_POST
@login_required
def bookmark_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    """Saves or unsaves a case study the member can see; htmx gets the button back, others a redirect."""
    case_study = get_object_or_404(CaseStudy.objects.visible_to(request.user), slug=slug)
    if request.POST.get("action") == "remove":
        bookmark_remove(user=request.user, case_study=case_study)
        bookmarked, message = False, f"“{case_study.title}” is no longer in your saved case studies."
    else:
        bookmark_add(user=request.user, case_study=case_study)
        bookmarked, message = True, f"“{case_study.title}” is saved. Find it under Saved case studies in your account."
    if request.htmx:
        return render(
            request,
            "casestudies/includes/bookmark_button.html",
            {"case_study": case_study, "bookmarked": bookmarked, "announcement": message},
        )
    messages.success(request, message)
    if request.POST.get("next") == "bookmarks":
        return redirect("casestudies:bookmarks")
    return redirect(case_study)


class BookmarkListView(LoginRequiredMixin, TemplateView):
    """The member's saved case studies that they can still see, most recently saved first."""

    template_name = "casestudies/bookmark_list.html"

    def get_context_data(self, **kwargs):
        case_studies = (
            CaseStudy.objects.visible_to(self.request.user)
            .filter(bookmarks__user=self.request.user)
            .order_by("-bookmarks__created_at", "-id")
            .for_cards()
        )
        query = browse.LibraryQuery(page=self.request.GET.get("page", "1"))
        page = browse.paginate(case_studies, query)
        return super().get_context_data(
            page=page, page_links=browse.page_links(page, query), notices=query.notices, **kwargs
        )


class CollectionListView(ListView):
    page_dependencies = staticmethod(lambda: (page_keys.LIBRARY,))
    template_name = "casestudies/collection_list.html"
    context_object_name = "collections"

    def get_queryset(self):
        return Collection.objects.annotate(
            case_study_count=Count("items", filter=Q(items__case_study__in=CaseStudy.objects.published().values("pk")))
        ).order_by("-featured", "title")


class CollectionDetailView(DetailView):
    page_dependencies = staticmethod(lambda slug: (page_keys.LIBRARY,))
    template_name = "casestudies/collection_detail.html"
    context_object_name = "collection"

    def get_queryset(self):
        return Collection.objects.with_published_items()
