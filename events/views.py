import csv
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from casestudies.library.queries import topics
from core.kept_parts import kept_part, render_part
from groups.queries import visible_groups

from . import page_keys, services
from .calendars import calendar_response
from .forms import CancelEventForm, EventFilterForm, EventForm
from .models import CalendarFeed, Event, Registration
from .permissions import (
    EventManagerMixin,
    EventMixin,
    GroupEventsManagerMixin,
    SiteEventsManagerMixin,
    can_manage,
    deny,
)
from .times import event_times, moment, zone_of

PAGE_SIZE = 20
# Calendars carry recent past events too, so that an entry does not vanish the moment it ends.
CALENDAR_HISTORY = timedelta(days=90)


class InvalidIs400FormView(FormView):
    """A form page that answers a form it cannot accept with 400, the form shown with its errors."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class EventListView(ListView):
    page_dependencies = staticmethod(lambda: (page_keys.EVENTS,))
    """Upcoming events soonest first (or past ones on their tab), filtered by group, topic,
    format and dates. A fixed number of queries whatever the number of events."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    # Paginated in the kept part (get_context_data), so a part kept already costs no query.
    paginate_by = None

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.past = request.GET.get("tab") == "past"
        self.zone = zone_of(request.user)
        self.groups = list(visible_groups(request.user).only("name", "slug"))
        self.form = EventFilterForm(request.GET or None, groups=self.groups, topics=list(topics().only("name", "slug")))
        self.bad_filters = self.form.is_bound and not self.form.is_valid()
        response = super().get(request, *args, **kwargs)
        if self.bad_filters:
            response.status_code = 400
        return response

    def get_queryset(self):
        events = Event.objects.visible_to(self.request.user).for_listing()
        events = events.past() if self.past else events.upcoming()
        if self.bad_filters or not self.form.is_bound:
            return events
        filters = self.form.cleaned_data
        if filters["group"] == "site":
            events = events.site_events()
        elif filters["group"]:
            events = events.filter(group__slug=filters["group"])
        if filters["topic"]:
            events = events.filter(topics__slug=filters["topic"])
        if filters["format"]:
            events = events.filter(format=filters["format"])
        start = datetime.combine(filters["start"], time.min, self.zone) if filters["start"] else None
        end = datetime.combine(filters["end"] + timedelta(days=1), time.min, self.zone) if filters["end"] else None
        return events.between(start, end)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)

        def results() -> str:
            _paginator, page, events, is_paginated = self.paginate_queryset(self.object_list, PAGE_SIZE)
            shown = {"events": events, "page_obj": page, "is_paginated": is_paginated, "past": self.past}
            return render_part(
                "events/includes/event_results.html",
                {**shown, "zone": self.zone, "query": query.urlencode(), "SITE_NAME": settings.SITE_NAME},
            )

        # The cards are the same for every reader who may see the same groups and reads times in
        # the same timezone: the part is varied by both, and by the address (filters and page).
        seen = ",".join(str(group.pk) for group in self.groups)
        vary = f"{self.request.get_full_path()}|{self.zone.key}|{seen}"
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            past=self.past,
            zone=self.zone,
            results_part=kept_part(self.request, "events-list", results, vary=vary),
            can_create_site_events=self.request.user.is_authenticated and self.request.user.is_curator,
        )
        return context


class EventDetailView(EventMixin, TemplateView):
    page_dependencies = staticmethod(lambda slug: (page_keys.event(slug),))
    template_name = "events/event_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        zone = zone_of(user)
        event = Event.objects.with_counts().select_related("group").get(pk=self.event.pk)
        registration = None
        if user.is_authenticated:
            registration = Registration.objects.filter(event=event, user=user).first()
        registered = registration is not None and registration.is_registered
        places_left = None if event.capacity is None else max(event.capacity - event.registered_count, 0)
        shown = {"event": event, "places_left": places_left, "is_open": event.is_open_for_registration(),
                 "has_ended": event.has_ended()}  # fmt: skip
        return super().get_context_data(
            **shown,
            **self._parts(shown, zone),
            registration=registration,
            waitlist_position=services.waitlist_position(registration) if registration else None,
            # The joining link is for people who hold a place, and only while the event is on.
            show_joining_link=registered and event.is_online and not event.is_cancelled and bool(event.joining_url),
            may_register=user.is_authenticated and services.may_register(event, user),
            can_manage=can_manage(event, user),
            **kwargs,
        )

    def _parts(self, shown: dict, zone) -> dict:
        """The details and the description: the same for everyone who may see the event (the page
        is shown only to them) and reads times in the same timezone (kept, core.kept_parts)."""
        event = shown["event"]

        def details() -> str:
            prefetch_related_objects([event], "topics")
            times = {"times": event_times(event, zone), "closes": moment(event.closes_at, zone)}
            return render_part("events/includes/event_details.html", {**shown, **times})

        def about() -> str:
            return render_part("events/includes/event_about.html", {"event": event})

        # Whether registration is open, or the event over, changes with the clock and not a write.
        vary = f"{zone.key}|{shown['is_open']}|{shown['has_ended']}"
        return {
            "details_part": kept_part(self.request, "event-details", details, vary=vary),
            "about_part": kept_part(self.request, "event-about", about),
        }


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
