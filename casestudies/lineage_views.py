"""The lineage page: how a published case study's idea spread, from the original down."""

from django.views.generic import DetailView

from .lineage import LINEAGE_DEPTH, lineage_of
from .models import CaseStudy


class SpreadView(DetailView):
    template_name = "casestudies/casestudy_spread.html"
    context_object_name = "case_study"

    def get_queryset(self):
        # Published only, for everyone (authors and curators too): no draft is ever part of a lineage.
        return CaseStudy.objects.published()

    def get_context_data(self, **kwargs):
        case_study: CaseStudy = self.object
        user = self.request.user
        return super().get_context_data(
            lineage=lineage_of(case_study),
            depth=LINEAGE_DEPTH,
            may_adapt=not CaseStudy.objects.authored_by(user).filter(pk=case_study.pk).exists(),
            **kwargs,
        )
