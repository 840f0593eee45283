from datetime import time

from django import forms

from casestudies.library.models import Topic
from groups.models import Group
from members.models import Follow, FollowKind, User
from outbox.models import Stream

from .models import DigestPreference

# Whole and half hours: the digest job runs every quarter of an hour, so finer choices would
# only promise a precision it does not keep.
SEND_TIMES = [time(hour, minute) for hour in range(24) for minute in (0, 30)]


def topics_field(*, label: str, help_text: str) -> forms.ModelMultipleChoiceField:
    """Topics as checkboxes, by name: what the member follows."""
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
    )


def _optional_streams() -> list[tuple[str, str]]:
    # The digest has its own question (how often), and account security cannot be turned off.
    return [(stream.value, stream.label) for stream in Stream.optional() if stream != Stream.DIGEST]


class EmailSettingsForm(forms.ModelForm):
    send_time = forms.TypedChoiceField(
        label="Time",
        choices=[(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in SEND_TIMES],
        coerce=lambda value: time.fromisoformat(value),
        help_text="In your timezone, which you can change in your profile.",
    )
    topics = topics_field(
        label="Topics you follow", help_text="New case studies and events in these topics come in your digest."
    )
    muted_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Groups to leave out of your digest",
        help_text="You stay a member; their news just stays out of your digest.",
    )
    streams = forms.MultipleChoiceField(
        choices=_optional_streams,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Other emails you want",
        help_text="Emails about your account's security are always sent.",
    )

    class Meta:
        model = DigestPreference
        fields = ["frequency", "weekday", "send_time", "muted_groups"]
        labels = {"frequency": "How often do you want the digest?", "weekday": "Day (for a weekly digest)"}
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args, user: User, opted_out: set[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["muted_groups"].queryset = Group.objects.for_member(user).order_by("name")
        if not self.fields["muted_groups"].queryset.exists():
            del self.fields["muted_groups"]
        self.fields["streams"].initial = [value for value, _ in _optional_streams() if value not in opted_out]
        self.initial.setdefault("send_time", self.instance.send_time.strftime("%H:%M"))
        self.initial.setdefault(
            "topics",
            list(Follow.objects.for_member(user).of_kind(FollowKind.TOPIC).values_list("object_id", flat=True)),
        )


WELCOME_GROUPS = 6


class WelcomeForm(forms.Form):
    """The first sign-in's short, optional welcome: a few topics and groups to follow, and how
    often the digest comes."""

    topics = topics_field(
        label="Topics to follow",
        help_text="New case studies and events in these topics come to your home page and your digest.",
    )
    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Groups to follow",
        help_text="Their news comes to your home page. You can join a group from its page.",
    )
    frequency = forms.ChoiceField(
        choices=[(value, label) for value, label in DigestPreference._meta.get_field("frequency").choices],
        widget=forms.RadioSelect,
        label="How often do you want the digest?",
        initial="weekly",
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        busiest = Group.objects.visible_to(user).with_member_count().order_by("-member_count", "name")
        self.fields["groups"].queryset = Group.objects.filter(pk__in=[g.pk for g in busiest[:WELCOME_GROUPS]])
        if not self.fields["groups"].queryset.exists():
            del self.fields["groups"]
