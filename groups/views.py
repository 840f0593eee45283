import csv
import functools
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from casestudies.library.page_keys import LIBRARY
from casestudies.library.queries import published_case_studies, topics
from core.denied import denied
from core.kept_parts import kept_part, kept_parts, render_part
from core.sections import Section
from members import follows
from members.permissions import CuratorRequiredMixin, acts_as_curator, curator_access

from . import extensions, page_keys, page_rows, services
from .forms import (
    GroupCreateForm,
    GroupForm,
    InvitationForm,
    ModeratorAddForm,
)
from .models import Group, Invitation, Membership
from .permissions import GroupMixin, ModeratorRequiredMixin, SignedInGroupMixin, visibility_key
from .services import GroupActionError
from .signals import INVITATION_SESSION_KEY

RELATED_CASE_STUDY_COUNT = 4
PAGE_SIZE = 20


def problem(request: HttpRequest, error: GroupActionError) -> HttpResponse:
    return denied(
        request, error.message, back_url=reverse("groups:list"), back_label="Go to the groups", status=error.status
    )


# --- Groups -------------------------------------------------------------------------------------


class GroupListView(ListView):
    page_dependencies = staticmethod(lambda: (page_keys.GROUPS,))
    template_name = "groups/group_list.html"
    context_object_name = "groups"
    # Paginated in the kept part (get_context_data), so a part kept already costs no query.
    paginate_by = None

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[:100]
        self.topic = self.request.GET.get("topic", "")[:140]
        return Group.objects.none()  # the groups are read in the kept part only (listed)

    def listed(self):
        groups = Group.objects.visible_to(self.request.user).search(self.query).with_member_count()
        if self.topic:
            groups = groups.for_topic(self.topic)
        return extensions.annotate_for_listing(groups).order_by("name")

    def get_context_data(self, **kwargs):
        filters = {name: value for name, value in [("q", self.query), ("topic", self.topic)] if value}
        filter_query = urlencode(filters)

        def results() -> str:
            paginator, page, groups, is_paginated = self.paginate_queryset(self.listed(), PAGE_SIZE)
            with_topics = Exists(Group.topics.through.objects.filter(topic_id=OuterRef("pk")))
            shown = {"groups": groups, "page_obj": page, "paginator": paginator, "is_paginated": is_paginated}
            return render_part(
                "groups/includes/group_results.html",
                {**shown, "query": self.query, "topic": self.topic, "topics": topics().filter(with_topics),
                 "filter_query": filter_query, "list_annotations": extensions.list_annotation_names()},
            )  # fmt: skip

        # The member's groups, in the sidebar, also say which private groups they may see.
        user = self.request.user
        mine = page_rows.groups_of_member.all(member_id=user.pk) if user.is_authenticated else []
        vary = f"{self.request.get_full_path()}|{visibility_key(self.request.user, mine)}"
        return super().get_context_data(
            results_part=kept_part(self.request, "groups-list", results, vary=vary), my_groups=mine, **kwargs
        )


class MyGroupsView(LoginRequiredMixin, TemplateView):
    template_name = "groups/my_groups.html"

    def get_context_data(self, **kwargs):
        memberships = (
            Membership.objects.filter(user=self.request.user).select_related("group").order_by("status", "group__name")
        )
        return super().get_context_data(memberships=memberships, **kwargs)


GROUP_PARTS = ("group-header", "group-about", "group-related", "group-threads", "group-moderators")  # its kept parts


class GroupDetailView(GroupMixin, TemplateView):
    # It lists case studies on the group's topics, too.
    page_dependencies = staticmethod(lambda slug: (page_keys.group(slug), LIBRARY))
    # Read with the page's versions, the session and its sections' parts (core.page_cache).
    page_parts_ahead = staticmethod(
        lambda request, slug: [*((name, "") for name in GROUP_PARTS), *extensions.sections_parts_ahead(request)]
    )
    template_name = "groups/group_detail.html"

    def read_group(self, request: HttpRequest, slug: str) -> Group:
        if not request.user.is_authenticated:
            return super().read_group(request, slug)
        return page_rows.group_for_member.first_or_404("No such group.", slug=slug, member_id=request.user.pk)

    def group_queryset(self, request: HttpRequest):
        return page_rows.with_reader(request.user)

    def check_group_permission(self, request: HttpRequest) -> HttpResponse | None:
        if not self.group.is_visible_to(request.user):
            raise Http404("No such group.")
        return super().check_group_permission(request)

    def get_context_data(self, **kwargs):
        group = self.group
        target = follows.Followable(follows.FollowKind.GROUP, group.pk, group.slug, group.name)
        sections = extensions.sections(self.request, group)
        return super().get_context_data(
            **self._parts(group, sections),
            sections=sections,
            follow_button=follows.FollowButton(target, bool(getattr(group, "reader_follows", False))),
            **kwargs,
        )

    def _parts(self, group: Group, sections: list[Section]) -> dict[str, SafeString]:
        """The group's header, description and topics, the case studies on them, its latest
        threads and its moderators: the same for everyone who may see the group (kept,
        core.kept_parts; the page is shown only to them); and the sections' kept parts, put in
        their contexts."""

        @functools.cache
        def its_topics() -> list[Any]:
            return list(group.topics.all())

        def header() -> str:
            member_count = group.memberships.active().count()
            return render_part("groups/includes/group_header.html", {"group": group, "member_count": member_count})

        def about() -> str:
            return render_part("groups/includes/group_about.html", {"group": group, "topics": its_topics()})

        def related() -> str:
            slugs = [topic.slug for topic in its_topics()]
            found = published_case_studies().for_topics(slugs).newest_first()[:RELATED_CASE_STUDY_COUNT]
            return render_part("groups/includes/group_related.html", {"related_case_studies": found if slugs else []})

        def threads() -> str:
            return render_part("groups/includes/thread_rows.html", {"threads": group.threads.for_listing()[:5]})

        def moderators() -> str:
            found = group.memberships.moderators().listed().select_related("user").order_by("user__name")
            return render_part("groups/includes/group_moderators.html", {"moderators": found})

        makers = dict(zip(GROUP_PARTS, (header, about, related, threads, moderators), strict=True))
        wanted = [(section, shown, part) for section in sections for shown, part in section.parts.items()]
        makers.update({part.name: part.make for _, _, part in wanted})
        # Asked of the cache at once: one round trip for the page's parts and its sections'.
        parts = kept_parts(self.request, makers, vary={part.name: part.vary for _, _, part in wanted})
        for section, shown, part in wanted:
            section.context[shown] = parts.pop(part.name)
        return {f"{name.removeprefix('group-')}_part": html for name, html in parts.items()}


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
        memberships = self.group.memberships.active().of_current_members()
        return memberships.select_related("user").order_by("-role", "joined_at", "pk")

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
        memberships = self.group.memberships.active().of_current_members()
        memberships = memberships.select_related("user").order_by("-role", "joined_at", "pk")
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
