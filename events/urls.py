from django.urls import path

from . import public_views, views

app_name = "events"

urlpatterns = [
    path("events/", public_views.EventListView.as_view(), name="list"),
    path("events/new/", views.SiteEventCreateView.as_view(), name="create_site"),
    path("events/calendar/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("events/<slug:slug>/", public_views.EventDetailView.as_view(), name="detail"),
    path("events/<slug:slug>/event.ics", views.event_calendar, name="calendar"),
    path("events/<slug:slug>/edit/", views.EventUpdateView.as_view(), name="edit"),
    path("events/<slug:slug>/cancel/", views.EventCancelView.as_view(), name="cancel"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/cancel-registration/", views.cancel_registration, name="cancel_registration"),
    path("events/<slug:slug>/attendees/", views.AttendeeListView.as_view(), name="attendees"),
    path("events/<slug:slug>/attendees.csv", views.AttendeeCsvView.as_view(), name="attendees_csv"),
    path("groups/<slug:slug>/events/new/", views.GroupEventCreateView.as_view(), name="create"),
    path("groups/<slug:slug>/calendar.ics", views.group_calendar, name="group_calendar"),
    path("me/events/", views.MyEventsView.as_view(), name="mine"),
    path("me/events/calendar/reset/", views.calendar_feed_reset, name="calendar_reset"),
]
