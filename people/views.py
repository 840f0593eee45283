"""Profiles, the member directory, messages through the relay, and blocking."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import FormView, TemplateView

from casestudies.library.queries import organisations_with_page_for, published_case_studies
from casestudies.spread.queries import visible_adaptations
from groups.queries import groups_of
from members import follows
from members import queries as members
from members.services import FollowRefused, block_add, block_remove

from . import services
from .forms import DirectoryForm, MessageForm, ReportForm, WorkProfileForm
from .models import Message, WorkProfile, contactable_by, working_on_topic

PAGE_SIZE = 20


class ProfileView(TemplateView):
    """A member's profile, seen only by whom the member chose (members, by default)."""

    template_name = "people/profile.html"

    def get_context_data(self, **kwargs):
        viewer = self.request.user
        person = get_object_or_404(members.profiles_visible_to(viewer), pk=kwargs["pk"])
        work = WorkProfile.objects.filter(user=person).select_related("region").prefetch_related("topics").first()
        own = viewer.is_authenticated and viewer.pk == person.pk
        return super().get_context_data(
            person=person,
            own=own,
            work=work,
            case_studies=list(published_case_studies().authored_by(person).newest_first().only("title", "slug")[:20]),
            groups=list(groups_of(person, seen_by=viewer)),
            adaptations=list(visible_adaptations().by(person).select_related("case_study")[:20]),
            organisation=organisations_with_page_for(viewer).filter(name__iexact=person.organisation).first()
            if person.organisation
            else None,
            follow_button=None
            if own or not viewer.is_authenticated
            else follows.buttons(
                viewer, [follows.Followable(follows.FollowKind.PERSON, person.pk, str(person.pk), person.name)]
            )[0],
            can_contact=viewer.is_authenticated and not own,
            **kwargs,
        )


class DirectoryView(LoginRequiredMixin, TemplateView):
    """Finding members by name, organisation, topic and region ("who else works on discharge in
    the North West?"). Blocked, hidden and closed accounts never appear."""

    template_name = "people/directory.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = DirectoryForm(request.GET or None)
        found = members.listed_for(request.user)
        searched = form.is_bound and form.is_valid()
        if searched:
            wanted = form.cleaned_data
            if wanted["name"]:
                found = found.filter(name__icontains=wanted["name"])
            if wanted["organisation"]:
                found = found.filter(organisation__icontains=wanted["organisation"])
            if wanted["topic"]:
                found = found.filter(working_on_topic(wanted["topic"].slug))
            if wanted["region"]:
                found = found.filter(work_profile__region=wanted["region"])
        page = Paginator(
            found.select_related("work_profile__region")
            .prefetch_related("work_profile__topics")
            .order_by("name", "pk"),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        context = self.get_context_data(
            form=form,
            page=page,
            searched=searched,
            blocked=list(members.blocks_by(request.user)),
            **kwargs,
        )
        return self.render_to_response(context, status=400 if form.is_bound and form.errors else 200)


class ContactView(LoginRequiredMixin, View):
    """Writing to a member through the portal: they get the message by email from the site."""

    template_name = "people/contact.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            self.recipient = get_object_or_404(contactable_by(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request, form, *, refusal: services.MessageRefused | None = None) -> HttpResponse:
        show_form = form is not None and (refusal is None or refusal.status in {400, 429})
        context = {"recipient": self.recipient, "form": form if show_form else None, "refusal": str(refusal or "")}
        status = refusal.status if refusal else (400 if form is not None and form.errors else 200)
        response = render(request, self.template_name, context, status=status)
        if refusal is not None and refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.message_check(sender=request.user, recipient=self.recipient)
        except services.MessageRefused as refusal:
            return self._page(request, None, refusal=refusal)
        return self._page(request, MessageForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self._page(request, form)
        try:
            services.message_send(sender=request.user, recipient=self.recipient, text=form.cleaned_data["text"])
        except services.MessageRefused as refusal:
            return self._page(request, form, refusal=refusal)
        messages.success(request, f"Your message is on its way to {self.recipient.name}.")
        return redirect("people:directory")


@require_POST
def block(request: HttpRequest, pk: int) -> HttpResponse:
    """Blocks or unblocks a member (the form's `action`)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('people:directory')}")
    other = get_object_or_404(members.active_members(), pk=pk)
    if request.POST.get("action") == "unblock":
        done = block_remove(blocker=request.user, blocked=other)
        text = f"You have unblocked {other.name}." if done else f"You had not blocked {other.name}."
        messages.success(request, text)
        return redirect("people:directory")
    try:
        block_add(blocker=request.user, blocked=other)
    except FollowRefused as refused:
        messages.warning(request, str(refused))
        return redirect("people:directory")
    messages.success(request, f"You have blocked {other.name}. Neither of you will see the other in the directory.")
    return redirect("people:directory")


class WorkProfileView(LoginRequiredMixin, FormView):
    template_name = "people/work_form.html"
    form_class = WorkProfileForm

    def get_form_kwargs(self):
        profile, _ = WorkProfile.objects.get_or_create(user=self.request.user)
        return {**super().get_form_kwargs(), "instance": profile}

    def form_valid(self, form):
        services.work_profile_update(
            user=self.request.user, topics=form.cleaned_data["topics"], region=form.cleaned_data["region"]
        )
        messages.success(self.request, "Your topics and region have been saved.")
        return redirect("people:profile", pk=self.request.user.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def report_message(request: HttpRequest, token: str) -> HttpResponse:
    """The report link in a message's email: works without signing in, as the signed token is the authority."""
    template = "people/report.html"
    try:
        message_id = services.read_message_report_token(token)
    except services.InvalidToken:
        return render(request, template, {"invalid": True}, status=400)
    message = Message.objects.select_related("sender").filter(pk=message_id).first()
    if message is None:
        return render(request, template, {"invalid": True}, status=404)
    context = {"message": message}
    if message.reported:
        return render(request, template, {**context, "already": True}, status=409 if request.method == "POST" else 200)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, template, {**context, "form": form})
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    services.message_report(message=message, reason=form.cleaned_data["reason"])
    return render(request, template, {**context, "done": True})
