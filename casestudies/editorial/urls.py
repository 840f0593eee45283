"""Editorial pages: submission in steps and authors' own pages, the curators' review, collections,
taxonomy and organisations."""

from django.urls import path

from casestudies.editorial.views import authoring as authoring_views
from casestudies.editorial.views import co_authors as co_author_views
from casestudies.editorial.views import measures as measure_views
from casestudies.editorial.views import organisations as organisation_views
from casestudies.editorial.views import review as review_views
from casestudies.editorial.views import steps as step_views

urlpatterns = [
    path("case-studies/new/", step_views.new_case_study, name="new"),
    path("case-studies/<slug:slug>/steps/<slug:step>/", step_views.CaseStudyStepView.as_view(), name="step"),
    path("case-studies/<slug:slug>/preview/", step_views.PreviewView.as_view(), name="preview"),
    path("case-studies/<slug:slug>/edit/", authoring_views.CaseStudyEditView.as_view(), name="edit"),
    path(
        "case-studies/<slug:slug>/measures/<int:pk>/data/", measure_views.MeasureDataView.as_view(), name="measure_data"
    ),
    path("case-studies/<slug:slug>/review/", authoring_views.ConversationView.as_view(), name="conversation"),
    path("case-studies/<slug:slug>/withdraw/", authoring_views.WithdrawView.as_view(), name="withdraw"),
    path("case-studies/<slug:slug>/revise/", authoring_views.ReviseView.as_view(), name="revise"),
    path("case-studies/<slug:slug>/leave/", authoring_views.LeaveView.as_view(), name="leave"),
    path("me/case-studies/", authoring_views.MyCaseStudiesView.as_view(), name="mine"),
    path("me/co-authors/suggest/", co_author_views.CoAuthorSuggestView.as_view(), name="co_author_suggest"),
    path("review/", review_views.ReviewQueueView.as_view(), name="review_queue"),
    path("review/history/", review_views.HistoryView.as_view(), name="review_history"),
    path("review/collections/", review_views.CollectionListView.as_view(), name="review_collections"),
    path("review/collections/new/", review_views.CollectionEditView.as_view(), name="review_collection_new"),
    path("review/collections/<slug:slug>/", review_views.CollectionEditView.as_view(), name="review_collection_edit"),
    path("review/collections/<slug:slug>/add/", review_views.collection_add, name="review_collection_add"),
    path("review/taxonomy/", review_views.TaxonomyView.as_view(), name="review_taxonomy"),
    path("review/organisations/", organisation_views.OrganisationReviewView.as_view(), name="review_organisations"),
    path(
        "review/organisations/<int:pk>/confirm/",
        organisation_views.organisation_confirm,
        name="review_organisation_confirm",
    ),
    path(
        "review/organisations/<int:pk>/merge/", organisation_views.organisation_merge, name="review_organisation_merge"
    ),
    path("organisations/", organisation_views.OrganisationSearchView.as_view(), name="organisations"),
    path("organisations/suggest/", organisation_views.suggest, name="organisation_suggest"),
    path("review/taxonomy/<slug:kind>/merge/", review_views.term_merge, name="review_term_merge"),
    path("review/case-studies/<slug:slug>/", review_views.ReviewDetailView.as_view(), name="review_detail"),
    path("review/case-studies/<slug:slug>/decide/", review_views.decide, name="review_decide"),
    path("review/case-studies/<slug:slug>/comment/", review_views.comment, name="review_comment"),
    path("review/case-studies/<slug:slug>/assign/", review_views.assign, name="review_assign"),
    path("review/case-studies/<slug:slug>/feature/", review_views.feature, name="review_feature"),
]
