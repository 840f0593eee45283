from django.urls import path

from . import feeds, views

app_name = "casestudies"

# "feed" is taken before the case study addresses, so no case study may have that slug.
urlpatterns = [
    path("case-studies/", views.CaseStudyListView.as_view(), name="list"),
    path("case-studies/feed/", feeds.LatestCaseStudiesFeed(), name="feed"),
    path("case-studies/feed/<slug:topic>/", feeds.TopicFeed(), name="topic_feed"),
    path("case-studies/<slug:slug>/", views.CaseStudyDetailView.as_view(), name="detail"),
    path("case-studies/<slug:slug>/bookmark/", views.bookmark_toggle, name="bookmark"),
    path("collections/", views.CollectionListView.as_view(), name="collections"),
    path("collections/<slug:slug>/", views.CollectionDetailView.as_view(), name="collection"),
    path("me/bookmarks/", views.BookmarkListView.as_view(), name="bookmarks"),
]
