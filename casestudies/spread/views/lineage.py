"""The lineage page: how a published case study's idea spread, from the original down."""

from django.views.generic import DetailView

from casestudies.library import charts, page_keys
from casestudies.library.models import CaseStudy
from casestudies.spread.lineage import LINEAGE_DEPTH, Lineage, lineage_of


class SpreadView(DetailView):
    # Shows the case studies on each side of the spread, each of which may change.
    page_dependencies = staticmethod(lambda slug: (page_keys.case_study(slug), page_keys.LIBRARY))
    template_name = "casestudies/casestudy_spread.html"
    context_object_name = "case_study"

    def get_queryset(self):
        # Published only, for everyone (authors and curators too): no draft is ever part of a lineage.
        return CaseStudy.objects.published()

    def get_context_data(self, **kwargs):
        case_study: CaseStudy = self.object
        user = self.request.user
        lineage = lineage_of(case_study)
        return super().get_context_data(
            lineage=lineage,
            spread_charts=small_charts(lineage),
            depth=LINEAGE_DEPTH,
            may_adapt=not CaseStudy.objects.authored_by(user).filter(pk=case_study.pk).exists(),
            **kwargs,
        )


def small_charts(lineage: Lineage) -> list[dict]:
    """Each case study's charts in the order of the chain, small, one vertical scale for each unit."""
    found = [
        {"case_study": node.case_study, "chart": chart}
        for node in lineage.nodes()
        for outcome in node.case_study.outcomes.all()
        if (chart := charts.chart_for(outcome, small=True))
    ]
    charts.share_axes([item["chart"] for item in found])
    return found
