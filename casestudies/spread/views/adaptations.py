"""Pages for "We are adapting this": the form on a published case study, and the member's own list."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import ListView

from casestudies.library.models import CaseStudy
from casestudies.spread.forms import AdaptationForm
from casestudies.spread.models import Adaptation
from casestudies.spread.services.adaptations import AdaptationRefused, adaptation_record


class AdaptView(LoginRequiredMixin, View):
    template_name = "casestudies/adaptation_form.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            self.case_study = get_object_or_404(CaseStudy.objects.visible_to(request.user), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def _page(
        self, request: HttpRequest, form: AdaptationForm, *, status: int = 200, refusal: str = ""
    ) -> HttpResponse:
        context = {"case_study": self.case_study, "form": form, "refusal": refusal}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._page(request, AdaptationForm(member=request.user, case_study=self.case_study))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = AdaptationForm(request.POST, member=request.user, case_study=self.case_study)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            adaptation_record(
                member=request.user,
                case_study=self.case_study,
                organisation=form.cleaned_data["organisation"],
                changes=form.cleaned_data["changes"],
                status=form.cleaned_data["status"],
                adapted_as=form.cleaned_data["adapted_as"],
            )
        except AdaptationRefused as refusal:
            return self._page(request, form, status=400, refusal=str(refusal))
        messages.success(
            request, f"Thank you: “{self.case_study.title}” now shows that your organisation is adapting it."
        )
        return redirect(self.case_study)


class MyAdaptationsView(LoginRequiredMixin, ListView):
    template_name = "casestudies/adaptation_list.html"
    context_object_name = "adaptations"

    def get_queryset(self):
        return Adaptation.objects.by(self.request.user).select_related("case_study", "adapted_as")
