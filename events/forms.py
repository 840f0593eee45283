import zoneinfo
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from casestudies.library.models import Topic
from core.forms import LongSelect
from groups.models import Group
from members.models import timezone_names

from .models import Event, Format


class WallClockField(forms.DateTimeField):
    """A date and time as read on the event's own clock; the form attaches the event's timezone
    (not the server's or the browser's), so 09:00 means 09:00 where the event happens."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        value = str(value).strip()
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed.replace(tzinfo=None)
        return BaseTemporalField.to_python(self, value)


def on_clock(naive: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The moment a wall-clock time names in the zone; refuses a time skipped when clocks go forward."""
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            f"{naive:%H:%M} on {naive.day} {naive:%B %Y} does not exist in {zone.key}: the clocks go forward "
            "then. Choose another time.",
            code="nonexistent_time",
        )
    return aware


class EventForm(forms.ModelForm):
    starts_at = WallClockField(label="Starts", help_text="Date and time in the event's timezone.")
    ends_at = WallClockField(label="Ends", help_text="Date and time in the event's timezone.")
    registration_closes_at = WallClockField(
        label="Registration closes",
        required=False,
        help_text="Optional. Leave empty to take registrations until the event starts.",
    )
    timezone = forms.ChoiceField(
        label="Timezone",
        initial="Europe/London",
        help_text="Where the event happens, such as Europe/London.",
    )
    joining_url = forms.URLField(
        label="Online joining link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Shown only to registered attendees, on the event page and in their emails.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = [
            "title", "summary", "description", "kind", "format", "timezone", "starts_at", "ends_at",
            "registration_closes_at", "capacity", "venue", "address", "joining_url", "topics",
        ]  # fmt: skip
        widgets = {"kind": forms.RadioSelect, "format": forms.RadioSelect, "address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(name, name) for name in timezone_names()]
        instance = self.instance
        if instance.pk:
            zone = instance.zoneinfo
            for name in ("starts_at", "ends_at", "registration_closes_at"):
                value = getattr(instance, name)
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None) if value else None
            self.initial["topics"] = list(instance.topics.all())

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("timezone")
        if not name:
            # Without a timezone the times mean nothing; keep them out of the event.
            for field in ("starts_at", "ends_at", "registration_closes_at"):
                cleaned.pop(field, None)
            return cleaned
        zone = zoneinfo.ZoneInfo(name)
        for field in ("starts_at", "ends_at", "registration_closes_at"):
            if cleaned.get(field) is not None:
                try:
                    cleaned[field] = on_clock(cleaned[field], zone)
                except ValidationError as error:
                    self.add_error(field, error)
                    cleaned.pop(field, None)
        starts, ends, closes = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("registration_closes_at")
        starts_changed = not self.instance.pk or starts != self.instance.starts_at
        if starts and starts_changed and starts <= timezone.now():
            self.add_error("starts_at", "The event must start in the future.")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The event must end after it starts.")
        closes_changed = not self.instance.pk or closes != self.instance.registration_closes_at
        if closes and closes_changed and closes <= timezone.now():
            self.add_error("registration_closes_at", "Registration must close in the future.")
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", "Registration must close before the event ends.")
        fmt = cleaned.get("format")
        if fmt in (Format.IN_PERSON, Format.HYBRID) and not (cleaned.get("venue") or cleaned.get("address")):
            self.add_error("venue", "Give the venue or address of an event that people come to in person.")
        if fmt == Format.IN_PERSON:
            # An event only in person has no joining link; keep none that could leak later.
            cleaned["joining_url"] = ""
        # Whether the places already taken fit is the service's to say, under its lock on the
        # event (services.event_update): counted here, a registration could come in between.
        if cleaned.get("capacity") == 0:
            self.add_error("capacity", "Leave the capacity empty for no limit, or give a number of places.")
        return cleaned


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label="Message to the people registered",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Say why the event is cancelled and whether it will be rearranged. Everyone registered or "
        "on the waitlist gets this by email.",
    )


class EventFilterForm(forms.Form):
    """The filters of /events/. Choices come from what the reader may see."""

    group = forms.ChoiceField(required=False, widget=LongSelect)
    topic = forms.ChoiceField(required=False)
    format = forms.ChoiceField(required=False, choices=[("", "Any format"), *Format.choices])
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="For example 2026-03-29"
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="For example 2026-04-30"
    )

    def __init__(self, *args, groups: list[Group], topics: list[Topic], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "Any group"), ("site", "Site events"), *[(g.slug, g.name) for g in groups]]
        self.fields["topic"].choices = [("", "Any topic"), *[(t.slug, t.name) for t in topics]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end of the date range must not be before its start.")
        return cleaned
