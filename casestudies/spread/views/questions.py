"""Pages for asking the authors of a case study: the question form, the authors' reply page, and the
report link from the email, which works without signing in."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_http_methods

from casestudies.library.models import CaseStudy
from casestudies.spread.forms import AuthorQuestionForm, AuthorReplyForm, QuestionReportForm
from casestudies.spread.models import AuthorQuestion, AuthorReply
from casestudies.spread.services.questions import (
    InvalidToken,
    QuestionRefused,
    question_ask,
    question_check,
    question_reply,
    question_report,
    read_question_report_token,
    replies_turned_off,
)
from members.queries import active_member
from outbox.services import EMAIL_SETTINGS_PATH


class AskAuthorsView(LoginRequiredMixin, View):
    template_name = "casestudies/ask_form.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            self.case_study = get_object_or_404(CaseStudy.objects.visible_to(request.user), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def _page(
        self, request: HttpRequest, form: AuthorQuestionForm | None, *, refusal: QuestionRefused | None = None
    ) -> HttpResponse:
        # Refusals that asking again cannot mend (a draft, one's own case study) show no form.
        show_form = form is not None and (refusal is None or refusal.status in {400, 429})
        context = {
            "case_study": self.case_study,
            "form": form if show_form else None,
            "refusal": str(refusal) if refusal else "",
            "replies_turned_off": replies_turned_off(user=request.user),
            "email_settings_path": EMAIL_SETTINGS_PATH,
        }
        status = refusal.status if refusal else (400 if form is not None and form.errors else 200)
        response = render(request, self.template_name, context, status=status)
        if refusal is not None and refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        try:
            question_check(case_study=self.case_study, asker=request.user)
        except QuestionRefused as refusal:
            return self._page(request, None, refusal=refusal)
        return self._page(request, AuthorQuestionForm())

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = AuthorQuestionForm(request.POST)
        if not form.is_valid():
            return self._page(request, form)
        try:
            question_ask(case_study=self.case_study, asker=request.user, text=form.cleaned_data["text"])
        except QuestionRefused as refusal:
            return self._page(request, form, refusal=refusal)
        messages.success(
            request,
            f"Your question has been sent to the authors of “{self.case_study.title}”. "
            "If they reply, their answer will come to you by email.",
        )
        return redirect(self.case_study)


class QuestionReplyView(LoginRequiredMixin, View):
    """An author answers a question on the site, which emails the answer on to the asker."""

    template_name = "casestudies/question_reply.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            self.question = get_object_or_404(
                AuthorQuestion.objects.to_author(request.user).select_related("case_study", "asker"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def _page(
        self, request: HttpRequest, form: AuthorReplyForm | None, *, status: int = 200, refusal: str = ""
    ) -> HttpResponse:
        own_reply = AuthorReply.objects.filter(question=self.question, author=request.user).first()
        context = {
            "question": self.question,
            "case_study": self.question.case_study,
            "asker_name": self.question.asker.name or "A member",
            "own_reply": own_reply,
            "form": None if own_reply else form,
            "refusal": refusal,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._page(request, AuthorReplyForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = AuthorReplyForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            _reply, sent = question_reply(question=self.question, author=request.user, text=form.cleaned_data["text"])
        except QuestionRefused as refusal:
            return self._page(request, form, status=refusal.status, refusal=str(refusal))
        name = self.question.asker.name or "the member who asked"
        if sent:
            messages.success(request, f"Your reply is on its way to {name}.")
        else:
            messages.warning(
                request,
                f"Your reply is saved, but {name} has turned off emails from other members, so it was not sent.",
            )
        return redirect(self.question.case_study)


# The signed token is the authority here, not a session: the author reports from the email without
# signing in. The form still carries a CSRF token (the page sets its cookie when it is shown).
@require_http_methods(["GET", "HEAD", "POST"])
def report_question(request: HttpRequest, token: str) -> HttpResponse:
    template = "casestudies/question_report.html"
    try:
        question_id, author_id = read_question_report_token(token)
    except InvalidToken:
        return render(request, "casestudies/question_report_invalid.html", status=400)
    question = AuthorQuestion.objects.select_related("case_study", "asker").filter(pk=question_id).first()
    author = active_member(author_id)
    if question is None or author is None:
        return render(request, "casestudies/question_report_invalid.html", {"gone": True}, status=404)
    context = {"question": question, "asker_name": question.asker.name or "A member"}
    if question.reported:
        return render(request, template, {**context, "already": True}, status=409 if request.method == "POST" else 200)
    form = QuestionReportForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, template, {**context, "form": form})
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    try:
        question_report(question=question, author=author, reason=form.cleaned_data["reason"])
    except QuestionRefused:
        return render(request, template, {**context, "already": True}, status=409)
    return render(request, template, {**context, "done": True})
