"""The events list and an event's page: the public pages, whose parts that are the same for everyone
are kept (core.kept_parts) and whose reader's own states are read in as few queries as may be."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView

from casestudies.library.queries import topics
from core.kept_parts import kept_part, kept_parts, render_part
from groups.permissions import visibility_key
from groups.queries import visible_groups

from . import page_keys, page_rows, services
from .forms import EventFilterForm
from .models import Event, Registration
from .permissions import EventMixin, can_manage
from .times import DEFAULT_ZONE, event_times, moment, zone_of

PAGE_SIZE = 20


def _list_parts_ahead(request: HttpRequest) -> list[tuple[str, str]]:
    """The list's parts as most members get them (core.page_cache reads them with the session): in
    no private group and in the site's timezone. Others' parts are asked for when the page is made."""
    vary = f"{request.get_full_path()}|"
    return [("events-filters-good", vary), ("events-filters", vary), ("events-list", f"{vary}|{DEFAULT_ZONE.key}")]


class EventListView(ListView):
    """Upcoming events soonest first (or past ones on their tab), filtered by group, topic,
    format and dates. A fixed number of queries whatever the number of events."""

    page_dependencies = staticmethod(lambda: (page_keys.EVENTS,))
    page_parts_ahead = staticmethod(_list_parts_ahead)

    template_name = "events/event_list.html"
    context_object_name = "events"
    # Paginated in the kept part (get_context_data), so a part kept already costs no query.
    paginate_by = None

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.past = request.GET.get("tab") == "past"
        self.zone = zone_of(request.user)
        # The filters, the cards and whether the filters are good are the same for every reader who
        # may see the same groups, at the same address: kept under that, so a member asking for a
        # page kept already costs one query here (the private groups they see), whatever the filters.
        self.seen = visibility_key(request.user)
        self.vary = f"{request.get_full_path()}|{self.seen}"
        good = kept_part(request, "events-filters-good", lambda: "" if self.form.errors else "good", vary=self.vary)
        self.bad_filters = not good
        response = super().get(request, *args, **kwargs)
        if self.bad_filters:
            response.status_code = 400
        return response

    @cached_property
    def form(self) -> EventFilterForm:
        groups = list(visible_groups(self.request.user).only("name", "slug"))
        return EventFilterForm(self.request.GET or None, groups=groups, topics=list(topics().only("name", "slug")))

    def get_queryset(self):
        return Event.objects.none()  # the events are read in the kept part only (listed)

    def listed(self):
        """The events the filters ask for; read only when the cards are made, so that a kept part
        costs no query (nor the work of building one) for the events or the filters' choices."""
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
            _paginator, page, events, is_paginated = self.paginate_queryset(self.listed(), PAGE_SIZE)
            shown = {"events": events, "page_obj": page, "is_paginated": is_paginated, "past": self.past}
            return render_part(
                "events/includes/event_results.html",
                {**shown, "zone": self.zone, "query": query.urlencode(), "SITE_NAME": settings.SITE_NAME},
            )

        def filters() -> str:
            return render_part("events/includes/event_filters.html", {"form": self.form, "past": self.past})

        context = super().get_context_data(**kwargs)
        context.update(
            past=self.past,
            zone=self.zone,
            filters_part=kept_part(self.request, "events-filters", filters, vary=self.vary),
            # The cards show times, so they vary by the reader's timezone too.
            results_part=kept_part(self.request, "events-list", results, vary=f"{self.vary}|{self.zone.key}"),
            can_create_site_events=self.request.user.is_authenticated and self.request.user.is_curator,
        )
        return context


class EventDetailView(EventMixin, TemplateView):
    page_dependencies = staticmethod(lambda slug: (page_keys.event(slug),))
    template_name = "events/event_detail.html"

    def read_event(self, request: HttpRequest, slug: str) -> Event:
        if not request.user.is_authenticated:
            return super().read_event(request, slug)
        return page_rows.event_for_member.first_or_404("No such event.", slug=slug, member_id=request.user.pk)

    def event_queryset(self, request: HttpRequest):
        return page_rows.with_reader(request.user)

    def check_event_permission(self, request: HttpRequest) -> HttpResponse | None:
        self.registration = self._reader_states(self.event, request.user)
        if self.event.group is not None and not self.event.group.is_visible_to(request.user):
            raise Http404("No such event.")
        return super().check_event_permission(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        zone = zone_of(user)
        event, registration = self.event, self.registration
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

    @staticmethod
    def _reader_states(event: Event, user) -> Registration | None:
        """The reader's registration, as read with the event; their membership of the event's group
        is given to the group, so that may_register and can_manage ask no query."""
        if not user.is_authenticated or getattr(event, "reader_id", None) != user.pk:
            return None
        if event.group is not None:
            event.group.reader_id, event.group.reader_membership = user.pk, event.group_reader_membership
        row = event.reader_registration
        if row is None:
            return None
        waitlisted_at = parse_datetime(row["waitlisted_at"]) if row["waitlisted_at"] else None
        return Registration(pk=row["pk"], event=event, user=user, status=row["status"], waitlisted_at=waitlisted_at)

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
        makers = {"event-details": details, "event-about": about}
        parts = kept_parts(self.request, makers, vary={"event-details": vary})
        return {f"{name.removeprefix('event-')}_part": html for name, html in parts.items()}
