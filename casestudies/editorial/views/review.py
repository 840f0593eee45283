"""Curators' pages: the review queue, decisions, features, collections, the taxonomy and the audit history.

Every page here is behind `CuratorRequiredMixin` / `curator_required` (staff with two-factor
authentication).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView

from casestudies.editorial.forms.case_study import MessageForm
from casestudies.editorial.forms.curation import (
    AssignForm,
    CollectionEditor,
    CollectionSearchForm,
    DecisionForm,
    TermMergeForm,
)
from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.review_diff import review_changes, review_snapshot
from casestudies.editorial.services import curation
from casestudies.editorial.services.curation import collection_item_add, collection_item_move, collection_save
from casestudies.editorial.services.errors import ReviewError
from casestudies.editorial.services.review import (
    case_study_assign,
    case_study_decline,
    case_study_feature,
    case_study_publish,
    case_study_request_changes,
)
from casestudies.editorial.services.revisions import revision_changes
from casestudies.editorial.services.submission import case_study_comment, missing_for_review
from casestudies.editorial.services.thread import DECISIONS
from casestudies.library import search, taxonomy
from casestudies.library.models import CaseStudy, Collection, Topic
from members import queries as members
from members.permissions import CuratorRequiredMixin, curator_required

QUEUE_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50


class ReviewQueueView(CuratorRequiredMixin, ListView):
    """Submitted case studies, longest waiting first, filtered by topic and by reviewer."""

    template_name = "casestudies/review/queue.html"
    context_object_name = "submissions"
    paginate_by = QUEUE_PAGE_SIZE

    def get_queryset(self):
        queryset = (
            CaseStudy.objects.visible_to(self.request.user)
            .awaiting_review()
            .select_related("submitted_by", "reviewer", "revision_of")
            .prefetch_related("topics")
        )
        topic = self.request.GET.get("topic", "")
        if topic:
            queryset = queryset.for_topics([topic])
        reviewer = self.request.GET.get("reviewer", "")
        if reviewer == "me":
            queryset = queryset.assigned_to(self.request.user)
        elif reviewer == "none":
            queryset = queryset.unassigned()
        elif reviewer.isdigit():
            queryset = queryset.filter(reviewer_id=int(reviewer))
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            topics=Topic.objects.order_by("name"),
            curators=members.curators(),
            topic=self.request.GET.get("topic", ""),
            reviewer=self.request.GET.get("reviewer", ""),
            filter_query=urlencode(
                {key: self.request.GET[key] for key in ("topic", "reviewer") if self.request.GET.get(key)}
            ),
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end or not a number shows the first page rather than an error.
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


def _submission(request: HttpRequest, slug: str) -> CaseStudy:
    return get_object_or_404(
        CaseStudy.objects.visible_to(request.user)
        .with_detail()
        .select_related("reviewer", "submitted_by", "revision_of"),
        slug=slug,
    )


class ReviewDetailView(CuratorRequiredMixin, TemplateView):
    """One case study as curators see it: its text, the conversation, decisions, reviewer and history."""

    template_name = "casestudies/review/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case_study = kwargs.pop("case_study", None) or _submission(self.request, self.kwargs["slug"])
        return super().get_context_data(
            case_study=case_study,
            thread=case_study.review_messages.select_related("author"),
            history=case_study.audit_entries.select_related("actor")[:50],
            decision_form=kwargs.pop("decision_form", None) or DecisionForm(),
            message_form=kwargs.pop("message_form", None) or MessageForm(),
            assign_form=AssignForm(initial={"reviewer": case_study.reviewer_id}),
            missing=missing_for_review(case_study),
            revision_changes=revision_changes(case_study) if case_study.is_revision else [],
            **self.since_last_review(case_study),
            **kwargs,
        )

    @staticmethod
    def since_last_review(case_study: CaseStudy) -> dict[str, Any]:
        """The last decision on it and what changed since, field by field (one query)."""
        last = (
            ReviewMessage.objects.filter(case_study=case_study, kind__in=DECISIONS, snapshot__isnull=False)
            .select_related("author")
            .order_by("-created_at", "-id")
            .first()
        )
        if last is None:
            return {"last_decision": None, "changes_since": []}
        return {"last_decision": last, "changes_since": review_changes(last.snapshot, review_snapshot(case_study))}


def _refused(request: HttpRequest, slug: str, case_study: CaseStudy, **forms: Any) -> HttpResponse:
    """The review page again with the form that was sent and its errors (400)."""
    view = ReviewDetailView(request=request, kwargs={"slug": slug})
    context = view.get_context_data(case_study=case_study, **forms)
    return render(request, ReviewDetailView.template_name, context, status=400)


@curator_required
@require_POST
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = _submission(request, slug)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, slug, case_study, decision_form=form)
    decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
    try:
        if decision == DecisionForm.PUBLISH:
            live = case_study_publish(case_study=case_study, by=request.user, message=message)
            messages.success(request, f"“{live.title}” is published and its authors have been told.")
            return redirect("casestudies:review_detail", slug=live.slug)
        if decision == DecisionForm.REQUEST_CHANGES:
            case_study_request_changes(
                case_study=case_study, by=request.user, message=message, field_notes=form.field_notes()
            )
            messages.success(request, f"Changes to “{case_study.title}” are requested; the authors have been told.")
        else:
            case_study_decline(case_study=case_study, by=request.user, message=message)
            messages.success(request, f"“{case_study.title}” is declined; the authors have been told why.")
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect("casestudies:review_detail", slug=case_study.slug)
    return redirect("casestudies:review_queue")


@curator_required
@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = _submission(request, slug)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _refused(request, slug, case_study, message_form=form)
    case_study_comment(case_study=case_study, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, "Your message is added to the conversation and emailed to the authors.")
    return redirect("casestudies:review_detail", slug=case_study.slug)


@curator_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = _submission(request, slug)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a curator from the list.")
        return redirect("casestudies:review_detail", slug=case_study.slug)
    reviewer = form.cleaned_data["reviewer"]
    case_study_assign(case_study=case_study, reviewer=reviewer, by=request.user)
    messages.success(request, f"Reviewer: {reviewer.name if reviewer else 'nobody'}.")
    if request.POST.get("next") == "queue":
        return redirect("casestudies:review_queue")
    return redirect("casestudies:review_detail", slug=case_study.slug)


@curator_required
@require_POST
def feature(request: HttpRequest, slug: str) -> HttpResponse:
    case_study = _submission(request, slug)
    featured = request.POST.get("featured") == "1"
    try:
        case_study_feature(case_study=case_study, by=request.user, featured=featured)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{case_study.title}” is {'featured' if featured else 'no longer featured'}.")
    return redirect("casestudies:review_detail", slug=case_study.slug)


class CollectionListView(CuratorRequiredMixin, ListView):
    template_name = "casestudies/review/collection_list.html"
    context_object_name = "collections"

    def get_queryset(self):
        return Collection.objects.annotate(item_count=Count("items")).order_by("-featured", "title")


class CollectionEditView(CuratorRequiredMixin, View):
    """Creates a collection (no slug in the address) or edits one: title, introduction, items in order."""

    template_name = "casestudies/review/collection_form.html"

    def get_collection(self) -> Collection | None:
        slug = self.kwargs.get("slug")
        return get_object_or_404(Collection, slug=slug) if slug else None

    def render_editor(self, editor: CollectionEditor, status: int = 200) -> HttpResponse:
        collection = editor.form.instance if editor.form.instance.pk else None
        history = collection.audit_entries.select_related("actor")[:50] if collection else []
        search_form = CollectionSearchForm(self.request.GET or None)
        text = search_form.cleaned_data["q"] if search_form.is_valid() else ""
        found = collection_candidates(collection, text) if collection and text else []
        context = {
            "editor": editor,
            "collection": collection,
            "history": history,
            "search_form": search_form,
            "search_text": text,
            "found": found,
        }
        if self.request.htmx and collection:
            return render(self.request, "casestudies/review/collection_search_results.html", context)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, slug: str | None = None) -> HttpResponse:
        return self.render_editor(CollectionEditor(instance=self.get_collection()))

    def post(self, request: HttpRequest, slug: str | None = None) -> HttpResponse:
        editor = CollectionEditor(request.POST, instance=self.get_collection())
        if not editor.is_valid():
            return self.render_editor(editor, status=400)
        collection = collection_save(editor=editor, by=request.user)
        move = request.POST.get("move", "")
        item_id, _, direction = move.partition(":")
        if item_id.isdigit() and direction in {"up", "down"}:
            try:
                collection_item_move(collection=collection, item_id=int(item_id), up=direction == "up", by=request.user)
            except ReviewError as error:
                messages.error(request, str(error))
            return redirect(reverse("casestudies:review_collection_edit", kwargs={"slug": collection.slug}) + "#items")
        messages.success(request, f"The collection “{collection.title}” is saved.")
        return redirect("casestudies:review_collection_edit", slug=collection.slug)


def collection_candidates(collection: Collection, text: str) -> list[CaseStudy]:
    """Up to ten published case studies matching the text (the library's own search, ranked among
    its candidates so the cost stays flat), not already in the collection."""
    text = search.clean_query(text)
    if not search.has_words(text):
        return []
    published = CaseStudy.objects.published().exclude(collection_items__collection=collection)
    candidates = search.ranking_candidates(published, text)
    ranked = search.ranked(published.filter(pk__in=candidates), text)
    return list(ranked.prefetch_related("organisations").only("id", "title", "slug", "published_at")[:10])


@curator_required
@require_POST
def collection_add(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(Collection, slug=slug)
    wanted = request.POST.get("case_study", "")
    case_study = CaseStudy.objects.published().filter(pk=wanted).first() if wanted.isdigit() else None
    back = reverse("casestudies:review_collection_edit", kwargs={"slug": collection.slug})
    if request.POST.get("q"):
        back += "?" + urlencode({"q": request.POST["q"]})
    if case_study is None:
        messages.error(request, "That case study is not published, so it cannot be added.")
        return redirect(back)
    try:
        collection_item_add(collection=collection, case_study=case_study, by=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{case_study.title}” is added at the end of the collection.")
    return redirect(back + "#items")


class TaxonomyView(CuratorRequiredMixin, TemplateView):
    """Every term of each kind with how many case studies use it, and a form to merge two of a kind."""

    template_name = "casestudies/review/taxonomy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        forms = kwargs.pop("forms", {})
        kinds = []
        for key, kind in taxonomy.BY_KEY.items():
            terms = kind.model.objects.annotate(usage=Count("case_studies")).order_by("name")
            kinds.append(
                {
                    "key": key,
                    "label": kind.plural,
                    "terms": terms,
                    "admin_url": reverse(f"admin:casestudies_{kind.model._meta.model_name}_changelist"),
                    "form": forms.get(key) or TermMergeForm(kind=key),
                }
            )
        return super().get_context_data(kinds=kinds, **kwargs)


@curator_required
@require_POST
def term_merge(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in taxonomy.BY_KEY:
        raise Http404("No such kind of term.")
    form = TermMergeForm(request.POST, kind=kind)
    if not form.is_valid():
        view = TaxonomyView(request=request, kwargs={})
        return render(request, TaxonomyView.template_name, view.get_context_data(forms={kind: form}), status=400)
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    retagged = curation.term_merge(kind=kind, source=source, target=target, by=request.user)
    messages.success(request, f"“{source}” is merged into “{target}”; {retagged} case studies were retagged.")
    return redirect("casestudies:review_taxonomy")


class HistoryView(CuratorRequiredMixin, ListView):
    """The audit history: who changed what and when, newest first."""

    template_name = "casestudies/review/history.html"
    context_object_name = "entries"
    paginate_by = HISTORY_PAGE_SIZE

    def get_queryset(self):
        return AuditEntry.objects.select_related("actor", "case_study", "collection")

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()
