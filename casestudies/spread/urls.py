"""Spread pages: adapting a case study, its lineage, and questions to its authors."""

from django.urls import path

from casestudies.spread.views import adaptations as adaptation_views
from casestudies.spread.views import lineage as lineage_views
from casestudies.spread.views import questions as question_views

urlpatterns = [
    path("case-studies/<slug:slug>/adapt/", adaptation_views.AdaptView.as_view(), name="adapt"),
    path("me/adaptations/", adaptation_views.MyAdaptationsView.as_view(), name="my_adaptations"),
    path("case-studies/<slug:slug>/spread/", lineage_views.SpreadView.as_view(), name="spread"),
    path("case-studies/<slug:slug>/ask/", question_views.AskAuthorsView.as_view(), name="ask"),
    path("case-studies/questions/<int:pk>/reply/", question_views.QuestionReplyView.as_view(), name="question_reply"),
    path("case-studies/questions/report/<str:token>/", question_views.report_question, name="question_report"),
]
