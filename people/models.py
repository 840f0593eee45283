"""What a member's profile says about their work (topics and region, from the library's
vocabulary), and the messages members send each other through the portal."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from casestudies.library.models import CaseStudyAuthor, Region, Status, Topic
from members.models import User, UserQuerySet

MESSAGE_MAX_LENGTH = 2000


class WorkProfile(models.Model):
    """The topics a member works on and their region, shown on their profile and searched by
    the directory."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_profile")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name="topics you work on")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Work of {self.user}"


class MessageQuerySet(models.QuerySet["Message"]):
    def sent_by(self, user: User) -> "MessageQuerySet":
        return self.filter(sender=user)

    def sent_since(self, moment: datetime) -> "MessageQuerySet":
        return self.filter(created_at__gt=moment)


class Message(models.Model):
    """A message one member sent another through the portal: relayed by email from the site's own
    address, so neither sees the other's address."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_received")
    text = models.TextField("your message", max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    reported = models.BooleanField(default=False)
    report_reason = models.TextField(max_length=1000, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sender", "created_at"], name="people_message_sender_created")]

    def __str__(self) -> str:
        return f"Message from {self.sender} to {self.recipient}"


def contactable_by(viewer: User) -> UserQuerySet:
    """Members the viewer may message: those whose profile they may see, and anyone who wrote
    to them (so that they can answer); never across a block either way, never themselves."""
    wrote_to_viewer = Message.objects.filter(sender=OuterRef("pk"), recipient=viewer, reported=False)
    visible = User.objects.profiles_visible_to(viewer).values("pk")
    active: UserQuerySet = User.objects.filter(is_active=True)
    return active.filter(Q(pk__in=visible) | Q(Exists(wrote_to_viewer))).unblocked(viewer).exclude(pk=viewer.pk)


def working_on_topic(slug: str) -> Q:
    """Members who say they work on the topic, or wrote published work in it."""
    says = WorkProfile.topics.through.objects.filter(workprofile__user=OuterRef("pk"), topic__slug=slug)
    wrote = CaseStudyAuthor.objects.filter(
        member=OuterRef("pk"), case_study__status=Status.PUBLISHED, case_study__topics__slug=slug
    )
    return Q(Exists(says)) | Q(Exists(wrote))
