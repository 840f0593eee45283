"""Finding organisations by the names people use, and the curators' page for the ones members added."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from casestudies.editorial.services import organisations
from casestudies.editorial.services.errors import ReviewError
from casestudies.library.models import Organisation
from members.permissions import CuratorRequiredMixin, curator_required

SUGGESTIONS = 10


def organisations_offered(request: HttpRequest, text: str) -> list[Organisation]:
    """Up to SUGGESTIONS organisations matching the text: confirmed ones, and those the member added
    (names other members typed are not shown to anyone else until a curator confirms them)."""
    if len(text.strip()) < 2:
        return []
    mine = Q(created_by=request.user) if request.user.is_authenticated else Q(pk__in=[])
    found = Organisation.objects.filter(Q(confirmed=True) | mine).matching(text[:200])
    return list(found.only("id", "name", "slug", "confirmed")[:SUGGESTIONS])


def suggest(request: HttpRequest) -> HttpResponse:
    """The options of an organisation box's list, as the member types (htmx sends the box's value
    under its own name, whichever form it is in)."""
    text = request.GET.get("q") or next((value for value in request.GET.values() if value), "")
    if not request.htmx:
        # Only the list's options: someone who opens the address gets the search page instead.
        return redirect(f"{reverse('casestudies:organisations')}?{urlencode({'q': text})}")
    return render(
        request, "casestudies/organisations/suggestions.html", {"found": organisations_offered(request, text)}
    )


class OrganisationSearchView(TemplateView):
    """/organisations/?q=: the same search as a page, for anyone without JavaScript."""

    template_name = "casestudies/organisations/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        text = self.request.GET.get("q", "").strip()
        return super().get_context_data(text=text, found=organisations_offered(self.request, text), **kwargs)


class OrganisationMergeForm(forms.Form):
    target = forms.CharField(
        label="Merge it into",
        max_length=500,
        help_text="The name of the organisation it is the same as. "
        "Its case studies, members and adaptations move there.",
    )


class OrganisationReviewView(CuratorRequiredMixin, TemplateView):
    """Organisations members added, oldest first, each to confirm or merge into one already known."""

    template_name = "casestudies/review/organisations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        added = list(
            Organisation.objects.unconfirmed()
            .select_related("created_by")
            .annotate(usage=Count("case_studies"))
            .order_by("created_at", "id")[:100]
        )
        forms_by_pk = kwargs.pop("forms", {})
        rows = []
        for organisation in added:
            likely = (
                Organisation.objects.confirmed()
                .matching(organisation.name)
                .exclude(pk=organisation.pk)
                .values_list("name", flat=True)[:3]
            )
            form = forms_by_pk.get(organisation.pk) or OrganisationMergeForm(
                prefix=f"merge-{organisation.pk}", initial={"target": next(iter(likely), "")}
            )
            rows.append({"organisation": organisation, "form": form, "likely": likely})
        return super().get_context_data(rows=rows, **kwargs)


@curator_required
@require_POST
def organisation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    organisations.organisation_confirm(organisation=organisation, by=request.user)
    messages.success(request, f"“{organisation.name}” is confirmed.")
    return redirect("casestudies:review_organisations")


@curator_required
@require_POST
def organisation_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Organisation, pk=pk)
    form = OrganisationMergeForm(request.POST, prefix=f"merge-{pk}")
    target = None
    if form.is_valid():
        target = Organisation.objects.named(form.cleaned_data["target"]).exclude(pk=pk).first()
        if target is None:
            form.add_error("target", "No other organisation has that name. Type the name of one the portal knows.")
    if target is None:
        view = OrganisationReviewView(request=request, kwargs={})
        return render(request, view.template_name, view.get_context_data(forms={pk: form}), status=400)
    try:
        moved = organisations.organisation_merge(source=source, target=target, by=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{source.name}” is merged into “{target.name}”; {moved} case studies moved.")
    return redirect("casestudies:review_organisations")
