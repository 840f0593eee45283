"""The submission form in steps, with a progress list, a check page and a preview.

Every step saves the draft (with the version check that tells a second tab about a conflicting
edit). If the session ends while a member is writing, what they sent is kept in the new session
and put back in the step once they have signed in again.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from casestudies.editorial.form_actions import authors_changed, edit_conflict, form_search
from casestudies.editorial.forms.case_study import CaseStudyEditor
from casestudies.editorial.services.errors import ReviewError, StaleEdit
from casestudies.editorial.services.submission import (
    case_study_create,
    case_study_submit,
    case_study_update,
    missing_for_review,
)
from casestudies.editorial.steps import (
    CHECK,
    FIRST,
    STEP_BY_SLUG,
    STEPS,
    Step,
    missing_by_step,
    step_after,
    step_editor,
)
from casestudies.editorial.views.authoring import (
    AuthorRequiredMixin,
    CaseStudyCreateView,
    change_request,
    own_case_study,
)
from casestudies.library.models import CaseStudy, Status
from casestudies.library.views import CaseStudyDetailView

STASH = "casestudies:unsent:"


class KeepsUnsentWorkMixin(AuthorRequiredMixin):
    """A POST from someone whose session has ended is kept (not its files) in their new session,
    under the address it was sent to, before they are asked to sign in again."""

    def handle_no_permission(self) -> HttpResponse:
        request = self.request
        if request.method == "POST" and not request.user.is_authenticated:
            kept = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
            request.session[STASH + request.path] = kept
            messages.info(request, "Your session ended, so sign in again: what you wrote is kept and will be put back.")
            return redirect_to_login(request.path)
        return super().handle_no_permission()

    def unsent(self) -> dict[str, list[str]] | None:
        return self.request.session.pop(STASH + self.request.path, None)


def step_url(case_study: CaseStudy, step: Step) -> str:
    return reverse("casestudies:step", kwargs={"slug": case_study.slug, "step": step.slug})


def as_data(kept: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in kept.items():
        data.setlist(key, values)
    return data


class StepMixin(KeepsUnsentWorkMixin):
    template_name = "casestudies/authoring/step_form.html"

    def render_step(
        self, step: Step, editor: CaseStudyEditor | None, case_study: CaseStudy | None, status: int = 200, **context
    ) -> HttpResponse:
        missing = missing_by_step(missing_for_review(case_study)) if case_study is not None else {}
        request = change_request(case_study) if case_study is not None else None
        context = {
            "step": step,
            "steps": STEPS,
            "editor": editor,
            "case_study": case_study,
            "missing": missing,
            "change_request": request,
            "notes": request.field_notes if request else {},
            **context,
        }
        return render(self.request, self.template_name, context, status=status)


def new_case_study(request: HttpRequest) -> HttpResponse:
    """The steps, unless the member asked for the whole form on one page (or sent it from there)."""
    one_page = request.GET.get("layout") == "one-page" or (request.method == "POST" and "step" not in request.POST)
    view = CaseStudyCreateView if one_page else NewCaseStudyStepView
    return view.as_view()(request)


class NewCaseStudyStepView(StepMixin, View):
    """/case-studies/new/: the first step of a new case study; saving it makes the draft."""

    def get(self, request: HttpRequest) -> HttpResponse:
        kept = self.unsent()
        editor = step_editor(FIRST, as_data(kept) if kept else None, instance=None, editor=request.user)
        return self.render_step(FIRST, editor, None, kept=bool(kept))

    def post(self, request: HttpRequest) -> HttpResponse:
        editor = step_editor(FIRST, request.POST, request.FILES, instance=None, editor=request.user)
        if not editor.is_valid():
            return self.render_step(FIRST, editor, None, status=400)
        case_study = case_study_create(editor=editor, by=request.user)
        messages.success(request, f"“{case_study.title}” is saved as a draft.")
        return redirect(step_url(case_study, step_after(FIRST)))


class CaseStudyStepView(StepMixin, View):
    """/case-studies/<slug>/steps/<step>/: one step of the form; saving goes on to the next, or to
    the step chosen in the progress list."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        if kwargs["step"] not in STEP_BY_SLUG:
            raise Http404("There is no such step.")
        self.step = STEP_BY_SLUG[kwargs["step"]]

    def editable(self, slug: str) -> CaseStudy | None:
        case_study = own_case_study(self.request, slug)
        return case_study if case_study.is_editable else None

    def get(self, request: HttpRequest, slug: str, step: str) -> HttpResponse:
        case_study = self.editable(slug)
        if case_study is None:
            return redirect("casestudies:edit", slug=slug)
        if self.step == CHECK:
            return self.render_step(self.step, None, case_study)
        kept = self.unsent()
        data = as_data(kept) if kept else None
        editor = step_editor(self.step, data, instance=case_study, editor=request.user)
        if kept:
            editor.is_valid()
        return self.render_step(self.step, editor, case_study, kept=bool(kept))

    def post(self, request: HttpRequest, slug: str, step: str) -> HttpResponse:
        case_study = self.editable(slug)
        if case_study is None:
            return redirect("casestudies:edit", slug=slug)
        if self.step == CHECK:
            return self.send(case_study)
        editor = step_editor(self.step, request.POST, request.FILES, instance=case_study, editor=request.user)
        found = form_search(request, editor)
        if found is not None:
            return self.render_step(self.step, editor, case_study, **found)
        if not editor.is_valid():
            return self.render_step(self.step, editor, case_study, status=400)
        try:
            case_study_update(editor=editor, by=request.user, version=editor.submitted_version or 0)
        except StaleEdit:
            editor, context = edit_conflict(
                request, editor, lambda data, saved: step_editor(self.step, data, instance=saved, editor=request.user)
            )
            return self.render_step(self.step, editor, status=409, **context)
        if authors_changed(request, case_study, editor):
            return redirect(step_url(case_study, self.step) + "#authors")
        going = STEP_BY_SLUG.get(request.POST.get("go", ""), step_after(self.step))
        return redirect(step_url(case_study, going))

    def send(self, case_study: CaseStudy) -> HttpResponse:
        try:
            case_study_submit(case_study=case_study, by=self.request.user)
        except ReviewError as error:
            return self.render_step(self.step, None, case_study, status=400, send_error=str(error))
        messages.success(
            self.request,
            f"“{case_study.title}” is sent for review. We will email you when a curator has read it.",
        )
        return redirect("casestudies:conversation", slug=case_study.slug)


class PreviewView(AuthorRequiredMixin, CaseStudyDetailView):
    """The case study exactly as readers will see it, for its authors before they send it."""

    member_row = None  # read through get_queryset, which keeps it to the authors

    def get_queryset(self):
        return super().get_queryset().authored_by(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case_study = self.object
        back = step_url(case_study, CHECK) if case_study.status in (Status.DRAFT, Status.CHANGES_REQUESTED) else ""
        return super().get_context_data(preview=True, back_url=back, **kwargs)
