import csv
import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from casestudies.models import CaseStudy, Topic
from casestudies.page_keys import LIBRARY
from core.denied import denied
from core.kept_parts import kept_part, render_part
from members import follows
from members.models import FollowKind
from members.permissions import CuratorRequiredMixin, curator_access

from . import extensions, page_keys, services
from .forms import (
    GroupCreateForm,
    GroupForm,
    HideForm,
    InvitationForm,
    ModeratorAddForm,
    PostForm,
    ReportForm,
    ThreadForm,
)
from .models import Group, Invitation, Membership, Post, Report, ThreadFollow, acts_as_curator
from .permissions import GroupMixin, MemberRequiredMixin, ModeratorRequiredMixin, SignedInGroupMixin, deny
from .services import GroupActionError
from .signals import INVITATION_SESSION_KEY

RELATED_CASE_STUDY_COUNT = 4


def problem(request: HttpRequest, error: GroupActionError) -> HttpResponse:
    return denied(
        request, error.message, back_url=reverse("groups:list"), back_label="Go to the groups", status=error.status
    )


# --- Groups -------------------------------------------------------------------------------------


class GroupListView(ListView):
    page_dependencies = staticmethod(lambda: (page_keys.GROUPS,))
    template_name = "groups/group_list.html"
    context_object_name = "groups"
    paginate_by = 20

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[:100]
        self.topic = self.request.GET.get("topic", "")[:140]
        groups = Group.objects.visible_to(self.request.user).search(self.query).with_member_count()
        if self.topic:
            groups = groups.for_topic(self.topic)
        return extensions.annotate_for_listing(groups).order_by("name")

    def get_context_data(self, **kwargs):
        filters = {name: value for name, value in [("q", self.query), ("topic", self.topic)] if value}
        return super().get_context_data(
            query=self.query,
            topic=self.topic,
            topics=Topic.objects.filter(Exists(Group.topics.through.objects.filter(topic_id=OuterRef("pk")))),
            filter_query=urlencode(filters),
            my_groups=Group.objects.for_member(self.request.user).order_by("name"),
            list_annotations=extensions.list_annotation_names(),
            **kwargs,
        )


class MyGroupsView(LoginRequiredMixin, TemplateView):
    template_name = "groups/my_groups.html"

    def get_context_data(self, **kwargs):
        memberships = (
            Membership.objects.filter(user=self.request.user).select_related("group").order_by("status", "group__name")
        )
        return super().get_context_data(memberships=memberships, **kwargs)


class GroupDetailView(GroupMixin, TemplateView):
    # It lists case studies on the group's topics, too.
    page_dependencies = staticmethod(lambda slug: (page_keys.group(slug), LIBRARY))
    template_name = "groups/group_detail.html"

    def get_context_data(self, **kwargs):
        group = self.group
        return super().get_context_data(
            **self._parts(group),
            member_count=group.memberships.active().count(),
            threads=group.threads.for_listing()[:5],
            sections=extensions.sections(self.request, group),
            follow_button=follows.buttons(
                self.request.user, [follows.Followable(FollowKind.GROUP, group.pk, group.slug, group.name)]
            )[0],
            **kwargs,
        )

    def _parts(self, group: Group) -> dict[str, SafeString]:
        """The group's description and topics, the case studies on them, and its moderators: the
        same for everyone who may see the group (kept, core.kept_parts)."""

        @functools.cache
        def topics() -> list[Topic]:
            return list(group.topics.all())

        def about() -> str:
            return render_part("groups/includes/group_about.html", {"group": group, "topics": topics()})

        def related() -> str:
            slugs = [topic.slug for topic in topics()]
            found = CaseStudy.objects.published().for_topics(slugs).newest_first()[:RELATED_CASE_STUDY_COUNT]
            return render_part("groups/includes/group_related.html", {"related_case_studies": found if slugs else []})

        def moderators() -> str:
            found = group.memberships.moderators().select_related("user").order_by("user__name")
            return render_part("groups/includes/group_moderators.html", {"moderators": found})

        return {
            "about_part": kept_part(self.request, "group-about", about),
            "related_part": kept_part(self.request, "group-related", related),
            "moderators_part": kept_part(self.request, "group-moderators", moderators),
        }


class GroupCreateView(CuratorRequiredMixin, FormView):
    template_name = "groups/group_form.html"
    form_class = GroupCreateForm

    def form_valid(self, form):
        fields = {name: value for name, value in form.cleaned_data.items() if name != "moderators"}
        group = services.group_create(
            by=self.request.user, moderators=form.cleaned_data["moderators"], slug=slugify(fields["name"]), **fields
        )
        messages.success(self.request, f"{group.name} has been created.")
        return redirect(group)


class GroupUpdateView(ModeratorRequiredMixin, FormView):
    template_name = "groups/group_form.html"
    form_class = GroupForm

    def get_form_kwargs(self):
        # A copy, so that a rejected edit does not change the name shown around the form.
        return {**super().get_form_kwargs(), "instance": Group.objects.get(pk=self.group.pk)}

    def form_valid(self, form):
        group = form.save()
        messages.success(self.request, "The group has been saved.")
        return redirect(group)


# --- One-button actions -------------------------------------------------------------------------


class ActionView(View):
    """A POST that calls a service, then goes back with a message (or shows why it could not)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            message = self.act()
        except GroupActionError as error:
            return problem(request, error)
        messages.success(request, message)
        return redirect(self.get_success_url())

    def act(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.group.get_absolute_url()  # type: ignore[attr-defined]


class JoinView(SignedInGroupMixin, ActionView):
    def act(self) -> str:
        membership = services.membership_join(group=self.group, user=self.request.user)
        if membership.is_active:
            return f"You have joined {self.group.name}."
        return f"You have asked to join {self.group.name}. The moderators will email you when they decide."


class LeaveView(SignedInGroupMixin, ActionView):
    def act(self) -> str:
        was_pending = self.membership is not None and self.membership.is_pending
        services.membership_leave(group=self.group, user=self.request.user)
        return "Your request to join has been withdrawn." if was_pending else f"You have left {self.group.name}."

    def get_success_url(self) -> str:
        if self.group.is_private:
            return reverse("groups:list")
        return super().get_success_url()


class StepDownView(SignedInGroupMixin, ActionView):
    def act(self) -> str:
        services.moderator_step_down(group=self.group, user=self.request.user)
        return f"You are no longer a moderator of {self.group.name}, and still a member."


class ApproveView(ModeratorRequiredMixin, ActionView):
    def act(self) -> str:
        membership = services.membership_approve(group=self.group, request_id=self.kwargs["pk"], by=self.request.user)
        return f"{membership.user} is now a member. They have been told by email."

    def get_success_url(self) -> str:
        return reverse("groups:members", kwargs={"slug": self.group.slug})


class DeclineView(ApproveView):
    def act(self) -> str:
        services.membership_decline(group=self.group, request_id=self.kwargs["pk"], by=self.request.user)
        return "The request has been declined. The person has been told by email."


class RemoveMemberView(ApproveView):
    def act(self) -> str:
        services.membership_remove(group=self.group, user_id=self.kwargs["user_id"], by=self.request.user)
        return "The member has been removed. Their posts stay, shown as from a former member."


class AppointModeratorView(ApproveView):
    def act(self) -> str:
        membership = services.moderator_appoint(group=self.group, user_id=self.kwargs["user_id"], by=self.request.user)
        return f"{membership.user} is now a moderator."


# --- Members, invitations and moderators --------------------------------------------------------


class MemberListView(ModeratorRequiredMixin, ListView):
    template_name = "groups/member_list.html"
    context_object_name = "memberships"
    paginate_by = 50

    def get_queryset(self):
        return self.group.memberships.active().select_related("user").order_by("-role", "joined_at", "pk")

    def get_context_data(self, **kwargs):
        requests = self.group.memberships.pending().select_related("user").order_by("requested_at")[:100]
        return super().get_context_data(
            requests=requests,
            moderator_form=ModeratorAddForm() if acts_as_curator(self.request.user) else None,
            **kwargs,
        )


def _csv_safe(value: str) -> str:
    # A cell starting with one of these is a formula to spreadsheet programs.
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


class MemberExportView(ModeratorRequiredMixin, View):
    """The member list as CSV, with exactly the columns the member list page shows."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.group.slug}-members.csv"'
        writer = csv.writer(response)
        writer.writerow(["Name", "Organisation", "Role", "Joined"])
        memberships = self.group.memberships.active().select_related("user").order_by("-role", "joined_at", "pk")
        for membership in memberships.iterator(chunk_size=500):
            writer.writerow(
                [
                    _csv_safe(str(membership.user)),
                    _csv_safe(membership.user.organisation),
                    membership.get_role_display(),
                    membership.joined_at.date().isoformat(),
                ]
            )
        return response


class ModeratorAddView(ModeratorRequiredMixin, FormView):
    """Curators appoint moderators by email, members or not."""

    template_name = "groups/moderator_form.html"
    form_class = ModeratorAddForm

    def check_group_permission(self, request):
        return super().check_group_permission(request) or curator_access(request)

    def form_valid(self, form):
        try:
            membership = services.moderator_add(group=self.group, user=form.cleaned_data["email"], by=self.request.user)
        except GroupActionError as error:
            return problem(self.request, error)
        messages.success(self.request, f"{membership.user} is now a moderator of {self.group.name}.")
        return redirect("groups:members", slug=self.group.slug)


class InviteView(ModeratorRequiredMixin, FormView):
    template_name = "groups/invite_form.html"
    form_class = InvitationForm

    def form_valid(self, form):
        try:
            invitation = services.invitation_create(
                group=self.group, email=form.cleaned_data["email"], by=self.request.user
            )
        except GroupActionError as error:
            form.add_error("email", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, f"An invitation has been emailed to {invitation.email}.")
        return redirect("groups:members", slug=self.group.slug)


class InvitationView(TemplateView):
    """The link in an invitation email: shows the group, and joins the member on a button press.

    Someone who is not signed in is asked to sign in or sign up first; the invitation is kept in
    their session and used as soon as they are signed in (see signals.py).
    """

    template_name = "groups/invitation.html"

    def get_invitation(self) -> Invitation:
        invitation = Invitation.objects.select_related("group", "invited_by").filter(token=self.kwargs["token"]).first()
        if invitation is None:
            raise Http404("No such invitation.")
        return invitation

    def get(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        usable = not invitation.is_used and not invitation.is_expired
        if usable and not request.user.is_authenticated:
            request.session[INVITATION_SESSION_KEY] = invitation.token
        status = 200 if usable else 410
        return self.render_to_response(self.get_context_data(invitation=invitation, usable=usable), status=status)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            membership = services.invitation_accept(token=self.kwargs["token"], user=request.user)
        except GroupActionError as error:
            return problem(request, error)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, f"You have joined {membership.group.name}.")
        return redirect(membership.group)


# --- Discussion ---------------------------------------------------------------------------------


class ThreadListView(GroupMixin, ListView):
    template_name = "groups/thread_list.html"
    context_object_name = "threads"
    paginate_by = 20

    def get_queryset(self):
        return self.group.threads.for_listing()


class ThreadMixin(GroupMixin):
    """Loads self.thread from this group (404 for a thread of another group)."""

    def check_group_permission(self, request):
        refusal = super().check_group_permission(request)
        if refusal is None:
            self.thread = get_object_or_404(self.group.threads.select_related("author"), pk=self.kwargs["pk"])
            self.thread.group = self.group
        return refusal

    def get_success_url(self) -> str:
        return self.thread.get_absolute_url()


class ThreadDetailView(ThreadMixin, ListView):
    page_dependencies = staticmethod(lambda slug, pk: (page_keys.thread(pk),))
    """Members read the posts; others who can see the group see only the title."""

    template_name = "groups/thread_detail.html"
    context_object_name = "posts"
    paginate_by = 50

    def get_queryset(self):
        if not self.can_read:
            return Post.objects.none()
        return Post.objects.for_thread_page(self.thread)

    @property
    def can_read(self) -> bool:
        return self.is_member or self.can_manage

    def get_context_data(self, **kwargs):
        user = self.request.user
        following = self.is_member and ThreadFollow.objects.filter(thread=self.thread, user=user).exists()
        context = super().get_context_data(
            thread=self.thread,
            can_read=self.can_read,
            following=following,
            reply_form=PostForm() if self.is_member and not self.thread.is_locked else None,
            **kwargs,
        )
        for post in context["posts"]:
            post.can_edit = self.is_member and post.editable_by(user)
        return context


class ThreadCreateView(MemberRequiredMixin, FormView):
    template_name = "groups/thread_form.html"
    form_class = ThreadForm

    def form_valid(self, form):
        try:
            thread = services.thread_create(group=self.group, author=self.request.user, **form.cleaned_data)
        except GroupActionError as error:
            return problem(self.request, error)
        messages.success(self.request, "Your thread has been posted. You will get an email when someone replies.")
        return redirect(thread)


class ReplyView(MemberRequiredMixin, ThreadMixin, FormView):
    template_name = "groups/post_form.html"
    form_class = PostForm

    def form_valid(self, form):
        try:
            post = services.post_reply(thread=self.thread, author=self.request.user, body=form.cleaned_data["body"])
        except GroupActionError as error:
            return problem(self.request, error)
        messages.success(self.request, "Your reply has been posted.")
        return redirect(f"{self.thread.get_absolute_url()}#post-{post.pk}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(thread=self.thread, heading="Reply", **kwargs)


class PostMixin(GroupMixin):
    """Loads self.post from this group's threads (404 for a post of another group)."""

    def check_group_permission(self, request):
        refusal = super().check_group_permission(request)
        if refusal is None:
            self.post_obj = get_object_or_404(
                Post.objects.select_related("thread", "author").filter(thread__group=self.group), pk=self.kwargs["pk"]
            )
            self.thread = self.post_obj.thread
            self.thread.group = self.group
        return refusal

    def get_success_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#post-{self.post_obj.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(thread=self.thread, post=self.post_obj, **kwargs)


class PostEditView(MemberRequiredMixin, PostMixin, FormView):
    template_name = "groups/post_form.html"
    form_class = PostForm

    def check_group_permission(self, request):
        refusal = super().check_group_permission(request)
        if refusal is None and not self.post_obj.editable_by(request.user):
            return deny(request, "You can edit only your own posts, for an hour after writing them.")
        return refusal

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.post_obj}

    def form_valid(self, form):
        try:
            services.post_edit(post=self.post_obj, by=self.request.user, body=form.cleaned_data["body"])
        except GroupActionError as error:
            return problem(self.request, error)
        messages.success(self.request, "Your post has been saved.")
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading="Edit your post", **kwargs)


class PostHideView(ModeratorRequiredMixin, PostMixin, FormView):
    template_name = "groups/hide_form.html"
    form_class = HideForm

    def form_valid(self, form):
        services.post_hide(post=self.post_obj, by=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(self.request, "The post has been hidden.")
        return redirect(self.get_success_url())


class PostUnhideView(ModeratorRequiredMixin, PostMixin, ActionView):
    def act(self) -> str:
        services.post_unhide(post=self.post_obj, by=self.request.user)
        return "The post is shown again."


class PostReportView(MemberRequiredMixin, PostMixin, FormView):
    template_name = "groups/report_form.html"
    form_class = ReportForm

    def form_valid(self, form):
        try:
            services.post_report(post=self.post_obj, by=self.request.user, reason=form.cleaned_data["reason"])
        except GroupActionError as error:
            return problem(self.request, error)
        messages.success(self.request, "Thank you. The moderators will look at the post.")
        return redirect(self.get_success_url())


class ReportListView(ModeratorRequiredMixin, ListView):
    template_name = "groups/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return (
            Report.objects.filter(post__thread__group=self.group, resolved_at__isnull=True)
            .select_related("post__thread", "post__author", "reporter")
            .order_by("created_at")
        )


class ReportResolveView(ModeratorRequiredMixin, ActionView):
    def act(self) -> str:
        report = Report.objects.filter(post__thread__group=self.group, pk=self.kwargs["pk"]).first()
        if report is None:
            raise GroupActionError("That report is not in this group.", status=404)
        services.report_resolve(report=report, by=self.request.user)
        return "The report is marked as dealt with."

    def get_success_url(self) -> str:
        return reverse("groups:reports", kwargs={"slug": self.group.slug})


class ThreadFlagView(ModeratorRequiredMixin, ThreadMixin, ActionView):
    """Lock/unlock and pin/unpin, set by the URL's `flag` and `value`."""

    def act(self) -> str:
        flag, value = self.kwargs["flag"], self.kwargs["value"]
        if flag == "locked":
            services.thread_set_locked(thread=self.thread, locked=value)
            return "The thread is locked: no one can reply." if value else "The thread is open for replies again."
        services.thread_set_pinned(thread=self.thread, pinned=value)
        return "The thread is pinned to the top." if value else "The thread is no longer pinned."


class FollowView(MemberRequiredMixin, ThreadMixin, ActionView):
    def act(self) -> str:
        followed = self.kwargs["value"]
        services.thread_set_followed(thread=self.thread, user=self.request.user, followed=followed)
        if followed:
            return "You are following this thread: you will get an email for each reply."
        return "You no longer follow this thread."
