"""The group's discussion: threads, replies, editing and hiding posts, reports to the moderators,
and following a thread. The group's own pages are in groups/views.py."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView

from . import page_keys, services
from .forms import (
    HideForm,
    PostForm,
    ReportForm,
    ThreadForm,
)
from .models import Post, Report, ThreadFollow
from .permissions import GroupMixin, MemberRequiredMixin, ModeratorRequiredMixin, deny
from .services import GroupActionError
from .views import ActionView, problem

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
    """Members read the posts; others who can see the group see only the title."""

    page_dependencies = staticmethod(lambda slug, pk: (page_keys.thread(pk),))

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
