import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from groups.queries import visible_groups

from . import services
from .calendars import calendar_response
from .forms import CancelEventForm, EventForm
from .models import CalendarFeed, Event, Registration
from .permissions import (
    EventManagerMixin,
    GroupEventsManagerMixin,
    SiteEventsManagerMixin,
    deny,
)
from .times import zone_of

# Calendars carry recent past events too, so that an entry does not vanish the moment it ends.
CALENDAR_HISTORY = timedelta(days=90)


class InvalidIs400FormView(FormView):
    """A form page that answers a form it cannot accept with 400, the form shown with its errors."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class EventCreateView(InvalidIs400FormView):
    template_name = "events/event_form.html"
    form_class = EventForm
    # self.group, the event's group or None for a site event, is set by the permission mixins.

    def form_valid(self, form):
        event = form.save(commit=False)
        event.group = self.group
        try:
            event = services.event_create(event=event, topics=form.cleaned_data["topics"], by=self.request.user)
        except services.EventError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"{event.title} is published.")
        return redirect(event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, creating=True, **kwargs)


class GroupEventCreateView(GroupEventsManagerMixin, EventCreateView):
    pass


class SiteEventCreateView(SiteEventsManagerMixin, EventCreateView):
    pass


class EventUpdateView(EventManagerMixin, InvalidIs400FormView):
    template_name = "events/event_form.html"
    form_class = EventForm

    def get(self, request, *args, **kwargs):
        if self.event.is_cancelled:
            return deny(request, "This event has been cancelled, so it cannot be changed.")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.event.is_cancelled:
            return deny(request, "This event has been cancelled, so it cannot be changed.")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.event}

    def form_valid(self, form):
        event = form.save(commit=False)
        try:
            told = services.event_update(event=event, topics=form.cleaned_data["topics"])
        except services.EventError as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        if told:
            messages.success(self.request, f"Saved. Everyone registered was emailed the change ({', '.join(told)}).")
        else:
            messages.success(self.request, "Saved.")
        return redirect(event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, group=self.event.group, creating=False, **kwargs)


class EventCancelView(EventManagerMixin, InvalidIs400FormView):
    template_name = "events/event_cancel.html"
    form_class = CancelEventForm

    def form_valid(self, form):
        try:
            services.event_cancel(event=self.event, message=form.cleaned_data["message"])
        except services.EventError as error:
            messages.error(self.request, str(error))
            return redirect(self.event)
        messages.success(self.request, "The event is cancelled. Everyone registered or waitlisted is being emailed.")
        return redirect(self.event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


def _visible_event(request: HttpRequest, slug: str) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("group"), slug=slug)


@require_POST
@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    try:
        registration = services.registration_create(event=event, user=request.user)
    except services.EventError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(event.get_absolute_url(), status=303)
    if registration.is_registered:
        messages.success(request, "You are registered. We have emailed you the details.")
    else:
        position = services.waitlist_position(registration)
        messages.success(request, f"The event is full, so you are on the waitlist at number {position}.")
    return HttpResponseRedirect(event.get_absolute_url(), status=303)


@require_POST
@login_required
def cancel_registration(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    try:
        services.registration_cancel(event=event, user=request.user)
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your registration is cancelled.")
    return HttpResponseRedirect(event.get_absolute_url(), status=303)


class AttendeeListView(EventManagerMixin, TemplateView):
    template_name = "events/attendee_list.html"

    def get_context_data(self, **kwargs):
        registrations = list(self.event.registrations.active().for_attendee_list())
        return super().get_context_data(
            event=self.event,
            registered=[r for r in registrations if r.is_registered],
            waitlisted=sorted((r for r in registrations if r.is_waitlisted), key=lambda r: (r.waitlisted_at, r.pk)),
            **kwargs,
        )


class AttendeeCsvView(EventManagerMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}-attendees.csv"'
        writer = csv.writer(response)
        writer.writerow(["name", "email", "organisation", "job title", "status", "since", "waitlist position"])
        position = 0
        for registration in self.event.registrations.active().for_attendee_list():
            user = registration.user
            since = registration.registered_at if registration.is_registered else registration.waitlisted_at
            if registration.is_waitlisted:
                position += 1
            writer.writerow(
                [
                    _csv_safe(user.name),
                    user.email,
                    _csv_safe(user.organisation),
                    _csv_safe(user.job_title),
                    registration.get_status_display(),
                    since.astimezone(self.event.zoneinfo).strftime("%Y-%m-%d %H:%M") if since else "",
                    position if registration.is_waitlisted else "",
                ]
            )
        return response


def _csv_safe(text: str) -> str:
    """Spreadsheets run cells that start with these as formulas; members write these fields."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- Calendars --------------------------------------------------------------------------------


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    return calendar_response([event], name=event.title, filename=f"{event.slug}.ics", attachment=True)


def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(visible_groups(request.user), slug=slug)
    events = (
        Event.objects.visible_to(request.user)
        .for_group(group)
        .filter(ends_at__gte=timezone.now() - CALENDAR_HISTORY)
        .select_related("group")
    )
    return calendar_response(events, name=f"{group.name} events", filename=f"{group.slug}.ics", attachment=False)


def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The secret-address feed of one member's events: the token is the only credential, because
    calendar apps fetch it without signing in."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    events = (
        Event.objects.visible_to(feed.user)
        .registered_for(feed.user)
        .filter(ends_at__gte=timezone.now() - CALENDAR_HISTORY)
        .select_related("group")
    )
    return calendar_response(events, name="My events", filename="my-events.ics", attachment=False)


class MyEventsView(LoginRequiredMixin, TemplateView):
    template_name = "events/my_events.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        registrations = (
            Registration.objects.active()
            .filter(user=user, event__in=Event.objects.visible_to(user).upcoming())
            .select_related("event", "event__group")
            .order_by("event__starts_at")
        )
        feed = CalendarFeed.objects.filter(user=user).first()
        return super().get_context_data(
            registrations=registrations,
            feed=feed,
            feed_url=self.request.build_absolute_uri(feed.get_absolute_url()) if feed else None,
            zone=zone_of(user),
            **kwargs,
        )


@require_POST
@login_required
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    services.calendar_feed_reset(user=request.user)
    if had_feed:
        messages.success(request, "Your calendar has a new address. The old one no longer works.")
    else:
        messages.success(request, "Your calendar address is ready. Add it to your calendar app.")
    return HttpResponseRedirect(f"{redirect('events:mine').url}#calendar", status=303)
