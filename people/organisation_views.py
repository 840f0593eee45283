"""An organisation's own page: its published case studies, the members of it whom the viewer may
see, and the button to follow it. The library keeps the organisations; this page composes them
with profiles, which sit above the library."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from casestudies.library.queries import organisation_slug_now, organisations_with_page_for, published_case_studies
from core.pagination import page_links_keeping
from members import follows
from members.queries import profiles_visible_to

CASE_STUDIES_PER_PAGE = 10
MEMBERS_SHOWN = 50


class OrganisationView(TemplateView):
    """/organisations/<slug>/: anyone may read it; a merged organisation's old address leads, for
    good, to the one it was merged into."""

    template_name = "people/organisation.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        slug = kwargs["slug"]
        organisation = organisations_with_page_for(request.user).filter(slug=slug).first()
        if organisation is None:
            target = organisation_slug_now(slug)
            if target is None:
                raise Http404("No organisation has this address.")
            return HttpResponsePermanentRedirect(reverse("people:organisation", kwargs={"slug": target}))
        return self.render_to_response(self.get_context_data(organisation=organisation, **kwargs))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisation = kwargs["organisation"]
        viewer = self.request.user
        case_studies = published_case_studies().filter(organisations=organisation).newest_first().for_cards()
        page = Paginator(case_studies, CASE_STUDIES_PER_PAGE).get_page(self.request.GET.get("page"))
        members = profiles_visible_to(viewer).filter(organisation__iexact=organisation.name)
        shown_members = list(members.order_by("name", "pk").only("name", "job_title")[: MEMBERS_SHOWN + 1])
        target = follows.Followable(
            follows.FollowKind.ORGANISATION, organisation.pk, organisation.slug, organisation.name
        )
        return super().get_context_data(
            page=page,
            page_links=page_links_keeping(page),
            members=shown_members[:MEMBERS_SHOWN],
            more_members=len(shown_members) > MEMBERS_SHOWN,
            follow_button=follows.buttons(viewer, [target])[0],
            **kwargs,
        )
