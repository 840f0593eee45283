import zoneinfo
from functools import cache
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone


@cache
def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError("Choose a timezone from the list, such as Europe/London.", code="invalid_timezone")


ORGANISATION_NAME_MIN_LENGTH = 2
ORGANISATION_NAME_MAX_LENGTH = 200


def organisation_name_problem(name: str) -> str | None:
    """Why a typed organisation name cannot be used, in words for the member; None if it can."""
    name = " ".join(name.split())
    if len(name) < ORGANISATION_NAME_MIN_LENGTH:
        return f"Give the organisation's full name: at least {ORGANISATION_NAME_MIN_LENGTH} characters."
    if len(name) > ORGANISATION_NAME_MAX_LENGTH:
        return (
            f"Give the organisation's name in {ORGANISATION_NAME_MAX_LENGTH} characters or fewer "
            f"(you gave {len(name)})."
        )
    if not any(character.isalnum() for character in name):
        return "Give the organisation's name in letters or numbers."
    return None


def validate_organisation_name(value: str) -> None:
    problem = organisation_name_problem(value) if value.strip() else None
    if problem:
        raise ValidationError(problem, code="organisation_name")


class UserQuerySet(models.QuerySet["User"]):
    def curators(self) -> "UserQuerySet":
        return self.filter(is_staff=True, is_active=True)

    def with_email(self, email: str) -> "UserQuerySet":
        return self.filter(email__iexact=email.strip())

    def profiles_visible_to(self, viewer: "User | AnonymousUser | None") -> "UserQuerySet":
        """Members whose profile the viewer may see: active, by the member's choice, and never
        one who blocked the viewer or whom the viewer blocked."""
        members = self.filter(is_active=True)
        if viewer is None or not viewer.is_authenticated:
            return members.filter(profile_visibility=ProfileVisibility.PUBLIC)
        shown = models.Q(profile_visibility__in=[ProfileVisibility.MEMBERS, ProfileVisibility.PUBLIC])
        return members.filter(shown | models.Q(pk=viewer.pk)).unblocked(viewer)

    def unblocked(self, viewer: "User") -> "UserQuerySet":
        """Leaves out the members the viewer blocked and those who blocked the viewer."""
        blocked = Block.objects.filter(blocker=viewer).values("blocked_id")
        blockers = Block.objects.filter(blocked=viewer).values("blocker_id")
        return self.exclude(models.Q(pk__in=blocked) | models.Q(pk__in=blockers))

    def found_by(self, text: str) -> "UserQuerySet":
        """Members whose name has every word typed, or whose whole email address it is: a part
        of an address finds nobody, so nobody can learn addresses by trying fragments."""
        text = " ".join(text.split())[:200]
        if "@" in text:
            return self.with_email(text)
        by_name = models.Q()
        for word in text.split()[:6]:
            by_name &= models.Q(name__icontains=word)
        return self.filter(by_name) if text else self.none()

    def listed_for(self, viewer: "User") -> "UserQuerySet":
        """Others the viewer may find in the directory (never themselves)."""
        return self.profiles_visible_to(viewer).exclude(pk=viewer.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # The whole address is compared case-insensitively, so store it in one case.
        return (email or "").strip().lower()

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user: User = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class ProfileVisibility(models.TextChoices):
    HIDDEN = "hidden", "No one: keep me out of the member directory"
    MEMBERS = "members", "Members who are signed in"
    PUBLIC = "public", "Anyone, including visitors who are not signed in"


class User(AbstractBaseUser, PermissionsMixin):
    """A member of the portal. The email address is the login; curators are staff."""

    email = models.EmailField("email address", max_length=254, unique=True)
    name = models.CharField(max_length=150, help_text="How your name appears on the site.")
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    bio = models.TextField("short bio", max_length=1000, blank=True)
    profile_visibility = models.CharField(
        "who can see your profile",
        max_length=16,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
        help_text="Your email address is never shown. Members contact you through the portal.",
    )
    timezone = models.CharField(
        max_length=64,
        default="Europe/London",
        validators=[validate_timezone],
        help_text="Times of events and digests are shown in this timezone.",
    )
    is_staff = models.BooleanField(
        "curator",
        default=False,
        help_text="Curators review submissions, curate the library and can use the admin site.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=django_timezone.now)
    # Kept by the notifications app above, so that the header shows it from the row every
    # request loads anyway, with no query of its own.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    @property
    def is_curator(self) -> bool:
        return self.is_active and self.is_staff

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("Europe/London")

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class SignInDevice(models.Model):
    """A browser a member has signed in from, so that a sign-in from a new one can be told to
    them. Only a hash of the browser's self-description is kept, with its name in words."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_devices")
    fingerprint = models.CharField(max_length=64)
    description = models.CharField(max_length=100)
    first_seen_at = models.DateTimeField(default=django_timezone.now)
    last_seen_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "fingerprint"], name="members_one_device_per_fingerprint"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.user})"


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def for_member(self, user: User) -> "DataExportQuerySet":
        return self.filter(user=user)

    def current(self) -> "DataExportQuerySet":
        """Copies that can still be downloaded or are being prepared."""
        return self.filter(expires_at__gt=django_timezone.now())

    def expired(self) -> "DataExportQuerySet":
        return self.filter(expires_at__lte=django_timezone.now())


class DataExport(models.Model):
    """A copy of everything held about a member, asked for at /me/data/. It is kept in the
    database (never in public media storage) until it expires, then deleted."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready to download"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    content = models.TextField(blank=True, help_text="The JSON document.")
    size = models.PositiveIntegerField(default=0, help_text="Bytes of the JSON document.")
    created_at = models.DateTimeField(default=django_timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Data export for {self.user} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class FollowKind(models.TextChoices):
    """What a member can follow. The ids are those of rows in apps above members (topics, groups,
    organisations), so they are kept as plain numbers rather than foreign keys members cannot name;
    each app removes the follows of a row it deletes."""

    TOPIC = "topic", "Topic"
    SETTING = "setting", "Care setting"
    APPROACH = "approach", "Improvement approach"
    GROUP = "group", "Group"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"


class FollowQuerySet(models.QuerySet["Follow"]):
    def for_member(self, user: User) -> "FollowQuerySet":
        return self.filter(user=user)

    def of_kind(self, kind: str) -> "FollowQuerySet":
        return self.filter(kind=kind)

    def ids(self, kind: str) -> "models.QuerySet[Follow, Any]":
        """The followed ids of one kind, for use as a subquery."""
        return self.of_kind(kind).values("object_id")


class Follow(models.Model):
    """A member following a topic, care setting, approach, group, organisation or person. One
    model for the home page, the digest and notifications. Private: only counts are ever shown."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(max_length=16, choices=FollowKind.choices)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=django_timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_id"], name="members_follow_once"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="members_follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.kind} {self.object_id}"


class BlockQuerySet(models.QuerySet["Block"]):
    def between(self, one: User, other: User) -> "BlockQuerySet":
        return self.filter(models.Q(blocker=one, blocked=other) | models.Q(blocker=other, blocked=one))


class Block(models.Model):
    """A member who never wants to be shown to, or contacted by, another."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(default=django_timezone.now)

    objects = BlockQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="members_block_once"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="members_no_self_block"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


# Whoever a page or a query is for: a member, an anonymous visitor, or nobody (a task, the API).
Viewer = User | AnonymousUser | None
