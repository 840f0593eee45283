"""Groups where members meet around a theme, their memberships and roles, and their discussion.

Who may see a group is decided in one place, `GroupQuerySet.visible_to` (`Group.is_visible_to` for
one group read with its reader); who may act in it by `Group.membership_for` / `Group.is_moderator`,
which every view and the events app use.
"""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from casestudies.library.markdown import render_markdown_field
from members.models import ProfileVisibility, User, Viewer
from members.permissions import acts_as_curator

POST_EDIT_WINDOW = timedelta(hours=1)
INVITATION_LIFETIME = timedelta(days=14)


class SubqueryCount(Subquery):
    """A correlated COUNT(*) that, unlike Count() over joins, is not multiplied by other annotations."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = models.IntegerField()

    def __init__(self, queryset: models.QuerySet[Any], **extra: Any) -> None:
        # A count does not depend on order, and a default ordering that follows a foreign key
        # (registrations by event) would join that table again for every row counted.
        super().__init__(queryset.order_by(), **extra)


class Visibility(models.TextChoices):
    OPEN = "open", "Open: anyone signed in can join"
    BY_REQUEST = "by_request", "By request: moderators approve who joins"
    PRIVATE = "private", "Private: only members see it; people join by invitation"


class GroupQuerySet(models.QuerySet["Group"]):
    def visible_to(self, user: Viewer) -> "GroupQuerySet":
        """Open and by-request groups for everyone; private ones only for their members and curators."""
        if acts_as_curator(user):
            return self.all()
        public = Q(visibility__in=[Visibility.OPEN, Visibility.BY_REQUEST])
        if user is None or not user.is_authenticated:
            return self.filter(public)
        member = Membership.objects.active().filter(group=OuterRef("pk"), user=user)
        return self.filter(public | Exists(member))

    def with_member_count(self) -> "GroupQuerySet":
        return self.annotate(
            member_count=SubqueryCount(
                Membership.objects.active().filter(group=OuterRef("pk")).order_by().values("pk")
            ),
        )

    def for_member(self, user: User | AnonymousUser) -> "GroupQuerySet":
        """Groups the user is an active member (or moderator) of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE)

    def with_reader(self, user: Viewer) -> "GroupQuerySet":
        """Adds the reader's membership of each group, which Group.membership_for then reads."""
        if user is None or not user.is_authenticated:
            return self
        membership = reader_membership(user, f'"{Group._meta.db_table}"."id"')
        return self.annotate(reader_id=models.Value(user.pk), reader_membership=membership)

    def for_topic(self, slug: str) -> "GroupQuerySet":
        return self.filter(Exists(Group.topics.through.objects.filter(group_id=OuterRef("pk"), topic__slug=slug)))

    def search(self, text: str) -> "GroupQuerySet":
        text = text.strip()
        return self.filter(name__icontains=text) if text else self


class Group(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=240, help_text="One sentence shown in lists of groups.")
    description = models.TextField(blank=True, help_text="What the group is for. Markdown: **bold**, lists, links.")
    description_html = models.TextField(blank=True, editable=False)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.OPEN)
    topics = models.ManyToManyField(
        "casestudies.Topic", blank=True, related_name="groups", help_text="Case studies on these topics are shown."
    )
    cover_image = models.ImageField(upload_to="groups/covers/", blank=True)
    cover_image_alt = models.CharField(
        "cover image description",
        max_length=200,
        blank=True,
        help_text="Describe the picture for people who cannot see it. Leave empty if it is only decoration.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        render_markdown_field(self, "description", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    def is_visible_to(self, user: Viewer) -> bool:
        """GroupQuerySet.visible_to's rule for this one group (read with_reader, it asks no query)."""
        return self.visibility != Visibility.PRIVATE or acts_as_curator(user) or self.is_member(user)

    def membership_for(self, user: Viewer) -> "Membership | None":
        if user is None or not user.is_authenticated:
            return None
        if getattr(self, "reader_id", None) == user.pk:  # read with the group (with_reader)
            found = getattr(self, "reader_membership", None)
            return None if found is None else Membership(group=self, user=user, **found)
        return self.memberships.filter(user=user).first()

    def is_member(self, user: Viewer) -> bool:
        """An active member, moderators included."""
        return getattr(self.membership_for(user), "is_active", False)

    def is_moderator(self, user: Viewer) -> bool:
        return bool(getattr(self.membership_for(user), "is_moderator", False))

    def can_manage(self, user: Viewer) -> bool:
        """Moderators manage their group; curators may manage every group."""
        if user is None or not user.is_authenticated:
            return False
        return self.is_moderator(user) or acts_as_curator(user)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self) -> "MembershipQuerySet":
        return self.filter(status=Membership.Status.PENDING)

    def moderators(self) -> "MembershipQuerySet":
        return self.active().filter(role=Membership.Role.MODERATOR)

    def of_current_members(self) -> "MembershipQuerySet":
        """Leaves out members whose account is closed (made inactive by a curator)."""
        return self.filter(user__is_active=True)

    def listed(self) -> "MembershipQuerySet":
        """Memberships other members may see listed: never a closed account, nor a member who keeps
        their profile hidden."""
        return self.of_current_members().exclude(user__profile_visibility=ProfileVisibility.HIDDEN)


def reader_membership(user: User, group_column: str) -> RawSQL:
    """The reader's membership of the group in the outer query's `group_column`, as {pk, role, status}
    or None. In SQL: on every group and event page a member reads, the ORM's subquery took longer to
    build than to run."""
    # `group_column` is a column named by this code, never input.
    sql = f"SELECT jsonb_build_object('pk', id, 'role', role, 'status', status) FROM groups_membership WHERE group_id = {group_column} AND user_id = %s"  # noqa: E501, S608
    return RawSQL(sql, (user.pk,), output_field=models.JSONField())  # noqa: S611 (the reader's id is a parameter)


class Membership(models.Model):
    """A member's place in a group. A pending row is a join request waiting for a moderator."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MODERATOR = "moderator", "Moderator"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PENDING = "pending", "Asked to join"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True, help_text="When the membership became active.")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="groups_one_membership_per_member"),
            models.CheckConstraint(
                condition=Q(status="active", joined_at__isnull=False) | Q(status="pending"),
                name="groups_active_membership_has_joined_at",
            ),
            models.CheckConstraint(
                condition=Q(role="member") | Q(status="active"),
                name="groups_moderator_is_active",
            ),
        ]
        indexes = [models.Index(fields=["group", "status", "role"], name="groups_membership_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.role == self.Role.MODERATOR


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> datetime:
    return timezone.now() + INVITATION_LIFETIME


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link that a moderator sends by email; it works once, until it expires."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.group} for {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("groups:invitation", kwargs={"token": self.token})

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None


class ThreadQuerySet(models.QuerySet["Thread"]):
    def for_listing(self) -> "ThreadQuerySet":
        """Pinned first, then by latest activity, with the author and reply count loaded."""
        return (
            self.select_related("author")
            .annotate(post_count=Count("posts"))
            .order_by("-is_pinned", "-last_activity_at", "-pk")
        )


class Thread(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    is_locked = models.BooleanField("locked", default=False, help_text="No one can reply to a locked thread.")
    is_pinned = models.BooleanField("pinned", default=False, help_text="Pinned threads stay at the top.")

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        indexes = [models.Index(fields=["group", "-is_pinned", "-last_activity_at"], name="groups_thread_listing_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:thread", kwargs={"slug": self.group.slug, "pk": self.pk})


class PostQuerySet(models.QuerySet["Post"]):
    def for_thread_page(self, thread: Thread) -> "PostQuerySet":
        """Posts in order, each knowing whether its author is still a member of the group."""
        still_member = Membership.objects.active().filter(group_id=thread.group_id, user=OuterRef("author_id"))
        return (
            self.filter(thread=thread)
            .select_related("author", "hidden_by")
            .annotate(author_is_member=Exists(still_member))
            .order_by("created_at", "pk")
        )


class Post(models.Model):
    """A thread's opening message or a reply."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=20000)
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=300, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        render_markdown_field(self, "body", kwargs)
        super().save(*args, **kwargs)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def editable_by(self, user: User | AnonymousUser) -> bool:
        """Authors may correct their own post for a while after writing it."""
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and not self.is_hidden
            and timezone.now() - self.created_at <= POST_EDIT_WINDOW
        )


class Report(models.Model):
    """A member tells the group's moderators that a post needs their attention."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="groups_one_report_per_member")]

    def __str__(self) -> str:
        return f"Report on post {self.post_id}"


class ThreadFollow(models.Model):
    """The member gets an email for each reply in the thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_threads")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="groups_one_follow_per_member")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread}"
