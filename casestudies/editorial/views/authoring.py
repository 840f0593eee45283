"""Pages where members write their case studies and follow them through review.

Every page finds the case study through `CaseStudy.objects.authored_by(user)`, so a member who
is not one of its authors gets a 404 whatever address they try, and nothing is changed.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from casestudies.editorial.form_actions import authors_changed, edit_conflict, form_search
from casestudies.editorial.forms.case_study import CaseStudyEditor, MessageForm
from casestudies.editorial.models import ReviewMessage
from casestudies.editorial.services.errors import ReviewError, StaleEdit
from casestudies.editorial.services.revisions import case_study_revision_start
from casestudies.editorial.services.submission import (
    case_study_author_leave,
    case_study_comment,
    case_study_create,
    case_study_submit,
    case_study_update,
    case_study_withdraw,
    missing_for_review,
)
from casestudies.library.models import CaseStudy, Organisation, Status

VERIFY_EMAIL_MESSAGE = "Confirm your email address before you write case studies: use the link we emailed you."


def has_verified_email(user: Any) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


class AuthorRequiredMixin(LoginRequiredMixin):
    """Signed-in members with a confirmed email address; anyone else is refused."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not has_verified_email(request.user):
            raise PermissionDenied(VERIFY_EMAIL_MESSAGE)
        return super().dispatch(request, *args, **kwargs)


def own_case_study(request: HttpRequest, slug: str) -> CaseStudy:
    return get_object_or_404(CaseStudy.objects.authored_by(request.user).select_related("revision_of"), slug=slug)


def change_request(case_study: CaseStudy) -> ReviewMessage | None:
    """The curator's request the authors are answering, while changes are requested."""
    if case_study.status != Status.CHANGES_REQUESTED:
        return None
    return (
        case_study.review_messages.filter(kind=ReviewMessage.Kind.CHANGES_REQUESTED)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
    )


class CaseStudyEditorMixin(AuthorRequiredMixin):
    template_name = "casestudies/authoring/casestudy_form.html"

    def render_editor(self, editor: CaseStudyEditor, status: int = 200, **context: Any) -> HttpResponse:
        case_study = context.get("case_study")
        request = change_request(case_study) if case_study is not None else None
        context |= {"change_request": request, "notes": request.field_notes if request else {}}
        return render(self.request, self.template_name, {"editor": editor, **context}, status=status)

    def after_save(self, case_study: CaseStudy, action: str) -> HttpResponse:
        if action != "submit":
            messages.success(self.request, f"“{case_study.title}” is saved as a draft.")
            return redirect("casestudies:edit", slug=case_study.slug)
        try:
            case_study_submit(case_study=case_study, by=self.request.user)
        except ReviewError as error:
            messages.error(self.request, f"Your changes are saved, but it was not submitted. {error}")
            return redirect("casestudies:edit", slug=case_study.slug)
        messages.success(
            self.request, f"“{case_study.title}” is submitted for review. We will email you when a curator has read it."
        )
        return redirect("casestudies:conversation", slug=case_study.slug)


class CaseStudyCreateView(CaseStudyEditorMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        # A new case study starts from the member's profile: their organisation, if the portal knows it.
        mine = Organisation.objects.named(request.user.organisation).first() if request.user.organisation else None
        initial = {"organisations": [mine]} if mine else {}
        return self.render_editor(CaseStudyEditor(editor=request.user, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "save")
        editor = CaseStudyEditor(request.POST, request.FILES, require_complete=action == "submit", editor=request.user)
        found = form_search(request, editor)
        if found is not None:
            return self.render_editor(editor, **found)
        if not editor.is_valid():
            return self.render_editor(editor, status=400)
        case_study = case_study_create(editor=editor, by=request.user)
        return self.after_save(case_study, action)


class CaseStudyEditView(CaseStudyEditorMixin, View):
    """Edits a draft or a case study with changes requested. Anything else explains what can be done instead."""

    def not_editable(self, status: int = 200) -> HttpResponse:
        case_study = self.case_study
        return render(
            self.request,
            "casestudies/authoring/not_editable.html",
            {"case_study": case_study, "revision": case_study.revisions.first() if case_study.is_published else None},
            status=status,
        )

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        self.case_study = own_case_study(request, slug)
        if not self.case_study.is_editable:
            return self.not_editable()
        editor = CaseStudyEditor(instance=self.case_study, editor=request.user)
        return self.render_editor(editor, case_study=self.case_study)

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        case_study = self.case_study = own_case_study(request, slug)
        if not case_study.is_editable:
            return self.not_editable(status=409)
        action = request.POST.get("action", "save")
        editor = CaseStudyEditor(
            request.POST, request.FILES, instance=case_study, require_complete=action == "submit", editor=request.user
        )
        found = form_search(request, editor)
        if found is not None:
            return self.render_editor(editor, case_study=case_study, **found)
        if not editor.is_valid():
            return self.render_editor(editor, status=400, case_study=case_study)
        version = editor.submitted_version
        try:
            case_study_update(editor=editor, by=request.user, version=version or 0)
        except StaleEdit:
            editor, context = edit_conflict(
                request,
                editor,
                lambda data, saved: CaseStudyEditor(data, instance=saved, require_complete=False, editor=request.user),
            )
            return self.render_editor(editor, status=409, **context)
        # Moving an author or adding one saves the form first, so nothing typed is lost.
        if authors_changed(request, case_study, editor):
            return redirect(reverse("casestudies:edit", kwargs={"slug": case_study.slug}) + "#authors")
        return self.after_save(case_study, action)


class ConversationView(AuthorRequiredMixin, TemplateView):
    """The case study's status and its review conversation, for its authors."""

    template_name = "casestudies/authoring/conversation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case_study = own_case_study(self.request, self.kwargs["slug"])
        return super().get_context_data(
            case_study=case_study,
            thread=case_study.review_messages.select_related("author"),
            authors=case_study.authors.select_related("member"),
            revision=case_study.revisions.first() if case_study.is_published else None,
            missing=missing_for_review(case_study) if case_study.is_editable else [],
            **{"form": MessageForm(), **kwargs},
        )

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        case_study = own_case_study(request, slug)
        form = MessageForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=400)
        case_study_comment(case_study=case_study, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your message is added to the conversation.")
        return redirect("casestudies:conversation", slug=case_study.slug)


@method_decorator(require_POST, name="dispatch")
class AuthorButtonView(AuthorRequiredMixin, View):
    """A button on one's own case study; a refusal from the service goes back to the conversation."""

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        case_study = own_case_study(request, slug)
        try:
            return self.act(request, case_study)
        except ReviewError as error:
            messages.error(request, str(error))
            return redirect("casestudies:conversation", slug=case_study.slug)

    def act(self, request: HttpRequest, case_study: CaseStudy) -> HttpResponse:
        raise NotImplementedError


class WithdrawView(AuthorButtonView):
    def act(self, request: HttpRequest, case_study: CaseStudy) -> HttpResponse:
        case_study_withdraw(case_study=case_study, by=request.user)
        messages.success(request, f"“{case_study.title}” is withdrawn from review and is a draft again.")
        return redirect("casestudies:edit", slug=case_study.slug)


class LeaveView(AuthorButtonView):
    """A member listed as an author who did not take part takes themself off."""

    def act(self, request: HttpRequest, case_study: CaseStudy) -> HttpResponse:
        case_study_author_leave(case_study=case_study, member=request.user)
        messages.success(request, f"You are no longer an author of “{case_study.title}”.")
        return redirect("casestudies:mine")


@method_decorator(require_POST, name="dispatch")
class ReviseView(AuthorRequiredMixin, View):
    """Starts (or returns to) the revision of a published case study; the published one stays live."""

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        case_study = own_case_study(request, slug)
        try:
            revision = case_study_revision_start(case_study=case_study, by=request.user)
        except ReviewError as error:
            messages.error(request, str(error))
            return redirect("casestudies:edit", slug=case_study.slug)
        messages.info(
            request,
            "You are editing a revision. The published case study stays as it is until a curator publishes this.",
        )
        return redirect("casestudies:edit", slug=revision.slug)


class MyCaseStudiesView(AuthorRequiredMixin, TemplateView):
    """/me/case-studies/: every case study the member is an author of, with its status and any revision."""

    template_name = "casestudies/authoring/my_case_studies.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        case_studies = (
            CaseStudy.objects.authored_by(self.request.user)
            .filter(revision_of__isnull=True)
            .only("title", "slug", "status", "updated_at")
            .prefetch_related(Prefetch("revisions", queryset=CaseStudy.objects.only("slug", "status", "revision_of")))
            .order_by("-updated_at", "-id")
        )
        return super().get_context_data(case_studies=case_studies, Status=Status, **kwargs)
