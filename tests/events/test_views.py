from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.forms import EventForm
from events.models import Event, Registration
from outbox.models import OutgoingEmail
from tests.casestudies.factories import TopicFactory
from tests.events.dst import london_nine_am
from tests.events.event_form import form_data
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, moderator_of
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Flows ------------------------------------------------------------------------------------


def test_a_moderator_creates_an_event_at_nine_on_the_groups_clock(client):
    group = GroupFactory()
    client.force_login(moderator_of(group))
    topic = TopicFactory()
    day = (timezone.now() + timedelta(days=10)).date()

    response = client.post(
        reverse("events:create", args=[group.slug]),
        form_data(timezone="America/New_York", starts_at=f"{day}T09:00", ends_at=f"{day}T10:00", topics=[topic.pk]),
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.group == group
    assert event.starts_at.astimezone(event.zoneinfo).hour == 9
    assert list(event.topics.all()) == [topic]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2030-01-01T09:00", "starts_at": "2030-01-01T10:00"}, "ends_at", "end after it starts"),
        ({"starts_at": "2020-01-01T10:00", "ends_at": "2020-01-01T11:00"}, "starts_at", "start in the future"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice"),
        ({"starts_at": "not a date"}, "starts_at", "Enter a valid date/time"),
        ({"capacity": "-3"}, "capacity", "greater than or equal to 0"),
        ({"capacity": "0"}, "capacity", "Leave the capacity empty"),
        ({"format": "in_person"}, "venue", "venue or address"),
        ({"joining_url": "javascript:alert(1)"}, "joining_url", "Enter a valid URL"),
        ({"registration_closes_at": "2020-01-01T10:00"}, "registration_closes_at", "close in the future"),
        ({"registration_closes_at": "2099-01-01T10:00"}, "registration_closes_at", "before the event ends"),
    ],
)
def test_bad_event_input_is_refused_with_a_message_and_nothing_is_saved(client, overrides, field, message):
    group = GroupFactory()
    client.force_login(moderator_of(group))

    response = client.post(reverse("events:create", args=[group.slug]), form_data(**overrides))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.exists()


def test_a_time_skipped_when_the_clocks_go_forward_is_refused(client):
    group = GroupFactory()
    client.force_login(moderator_of(group))
    day = london_nine_am(3).date()

    response = client.post(
        reverse("events:create", args=[group.slug]), form_data(starts_at=f"{day}T01:30", ends_at=f"{day}T03:00")
    )

    assert response.status_code == 400
    assert "clocks go forward" in response.context["form"].errors["starts_at"][0]


def test_capacity_below_the_number_registered_is_refused_on_the_edit_page(client):
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(3, event=event)
    client.force_login(moderator_of(event.group))
    local = event.starts_at.astimezone(event.zoneinfo)
    end = event.ends_at.astimezone(event.zoneinfo)

    response = client.post(
        reverse("events:edit", args=[event.slug]),
        form_data(capacity="2", starts_at=f"{local:%Y-%m-%dT%H:%M}", ends_at=f"{end:%Y-%m-%dT%H:%M}"),
    )

    assert response.status_code == 400
    assert "cannot be less than 3" in response.context["form"].errors["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 3


def test_the_event_form_leaves_the_places_taken_to_the_service_which_counts_them_under_its_lock():
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(3, event=event)
    local = event.starts_at.astimezone(event.zoneinfo)
    end = event.ends_at.astimezone(event.zoneinfo)

    form = EventForm(
        data=form_data(capacity="2", starts_at=f"{local:%Y-%m-%dT%H:%M}", ends_at=f"{end:%Y-%m-%dT%H:%M}"),
        instance=event,
    )

    assert form.is_valid(), form.errors


def test_editing_the_time_from_the_page_emails_registered_people(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(moderator_of(event.group))
    day = (event.starts_at + timedelta(days=1)).astimezone(event.zoneinfo).date()

    response = client.post(
        reverse("events:edit", args=[event.slug]), form_data(starts_at=f"{day}T14:00", ends_at=f"{day}T15:00")
    )

    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(template_name="event_changed").count() == 1
    event.refresh_from_db()
    assert event.sequence == 1


def test_editing_the_time_with_nobody_registered_says_only_that_it_was_saved(client):
    event = EventFactory()
    client.force_login(moderator_of(event.group))
    day = (event.starts_at + timedelta(days=1)).astimezone(event.zoneinfo).date()

    response = client.post(
        reverse("events:edit", args=[event.slug]),
        form_data(starts_at=f"{day}T14:00", ends_at=f"{day}T15:00"),
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Saved."]
    assert not OutgoingEmail.objects.filter(template_name="event_changed").exists()


def test_editing_the_time_says_that_the_registered_people_were_emailed(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(moderator_of(event.group))
    day = (event.starts_at + timedelta(days=1)).astimezone(event.zoneinfo).date()

    response = client.post(
        reverse("events:edit", args=[event.slug]),
        form_data(starts_at=f"{day}T14:00", ends_at=f"{day}T15:00", joining_url=event.joining_url),
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Saved. Everyone registered was emailed the change (Time)."]


def test_the_edit_form_shows_times_on_the_events_own_clock(client):
    starts = london_nine_am(10)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=1))
    client.force_login(moderator_of(event.group))

    form = client.get(reverse("events:edit", args=[event.slug])).context["form"]

    assert form["starts_at"].value().hour == 9


def test_a_moderator_cancels_with_a_message_and_the_event_stays_visible_as_cancelled(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(moderator_of(event.group))

    assert client.post(reverse("events:cancel", args=[event.slug]), {"message": ""}).status_code == 400
    response = client.post(reverse("events:cancel", args=[event.slug]), {"message": "The trainer is ill."})

    assert response.status_code == 302
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "This event has been cancelled" in page
    assert "The trainer is ill." in page
    assert OutgoingEmail.objects.filter(template_name="event_cancelled").count() == 1
    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 403


def test_a_member_registers_cancels_and_cannot_cancel_twice_from_the_page(client):
    event = EventFactory(capacity=1)
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("events:register", args=[event.slug]))
    assert Registration.objects.get(user=user).is_registered
    again = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "already registered" in again.content.decode()
    client.post(reverse("events:cancel_registration", args=[event.slug]))
    twice = client.post(reverse("events:cancel_registration", args=[event.slug]), follow=True)
    assert "not registered" in twice.content.decode()


def test_a_full_event_shows_the_waitlist_position(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, waitlisted=True)
    client.force_login(UserFactory())

    page = client.post(reverse("events:register", args=[event.slug]), follow=True).content.decode()

    assert "on the waitlist at number 2" in page


def test_moderators_see_attendees_and_waitlist_and_export_them_as_csv(client):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event, user=UserFactory(name="Ada Registered")).user
    RegistrationFactory(event=event, waitlisted=True, user=UserFactory(name="=HYPERLINK(1)"))
    RegistrationFactory(event=event, cancelled=True, user=UserFactory(name="Gone Person"))
    client.force_login(moderator_of(event.group))

    page = client.get(reverse("events:attendees", args=[event.slug])).content.decode()
    csv_text = client.get(reverse("events:attendees_csv", args=[event.slug])).content.decode()

    assert "Ada Registered" in page
    assert "Gone Person" not in page
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("name,email")
    assert lines[1].startswith(f"Ada Registered,{registered.email}")
    assert lines[2].startswith("'=HYPERLINK(1)")
    assert lines[2].endswith(",1")
    assert "Gone Person" not in csv_text


def test_the_event_list_filters_by_group_topic_format_and_dates_and_has_a_past_tab(client):
    topic = TopicFactory()
    now = timezone.now()
    workshop = EventFactory(title="Workshop A", format="in_person", venue="Hall")
    workshop.topics.add(topic)
    webinar = EventFactory(
        title="Webinar B", starts_at=now + timedelta(days=40), ends_at=now + timedelta(days=40, hours=1)
    )
    past = EventFactory(title="Old C", starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=5, hours=-1))
    url = reverse("events:list")

    def titles(**query):
        return [event.title for event in client.get(url, query).context["events"]]

    assert titles() == ["Workshop A", "Webinar B"]
    assert titles(group=webinar.group.slug) == ["Webinar B"]
    assert titles(topic=topic.slug) == ["Workshop A"]
    assert titles(format="in_person") == ["Workshop A"]
    assert titles(start=str((now + timedelta(days=30)).date())) == ["Webinar B"]
    assert titles(end=str((now + timedelta(days=30)).date())) == ["Workshop A"]
    assert titles(tab="past") == [past.title]


@pytest.mark.parametrize(
    "query", [{"start": "yesterday"}, {"group": "no-such-group"}, {"start": "2030-02-01", "end": "2030-01-01"}]
)
def test_bad_filters_give_a_clear_message_and_a_400(client, query):
    response = client.get(reverse("events:list"), query)

    assert response.status_code == 400
    assert response.context["form"].errors


def test_an_unknown_event_is_not_found(client):
    assert client.get(reverse("events:detail", args=["no-such-event"])).status_code == 404


# --- Times in the reader's timezone -----------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "own", "yours"),
    [
        (3, "09:00 to 10:00 BST (Europe/London)", "04:00 to 05:00 EDT (America/New_York)"),
        (10, "09:00 to 10:00 GMT (Europe/London)", "05:00 to 06:00 EDT (America/New_York)"),
    ],
)
def test_the_event_page_gives_the_events_time_and_the_readers_when_they_differ_around_clock_changes(
    client, month, own, yours
):
    starts = london_nine_am(month)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=1))
    url = reverse("events:detail", args=[event.slug])

    client.force_login(UserFactory(timezone="America/New_York"))
    page = client.get(url).content.decode()
    assert own in page
    assert yours in page
    assert "In your timezone that is" in page

    client.force_login(UserFactory(timezone="Europe/London"))
    page = client.get(url).content.decode()
    assert own in page
    assert "In your timezone" not in page


# --- Speed ------------------------------------------------------------------------------------


def make_events(count: int):
    topic = TopicFactory()
    for _ in range(count):
        event = EventFactory(capacity=3)
        event.topics.add(topic)
        RegistrationFactory.create_batch(2, event=event)


@pytest.mark.parametrize("count", [1, 15])
def test_the_event_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    make_events(count)
    client.force_login(UserFactory())

    with django_assert_max_num_queries(13):
        assert client.get(reverse("events:list")).status_code == 200


@pytest.mark.parametrize("registrations", [1, 30])
def test_the_event_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, registrations):
    event = EventFactory(capacity=10)
    event.topics.add(TopicFactory())
    RegistrationFactory.create_batch(registrations, event=event)
    moderator = moderator_of(event.group)
    client.force_login(moderator)

    with django_assert_max_num_queries(13):
        assert client.get(reverse("events:detail", args=[event.slug])).status_code == 200


@pytest.mark.parametrize("registrations", [1, 30])
def test_the_attendee_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, registrations):
    event = EventFactory(capacity=10)
    RegistrationFactory.create_batch(registrations, event=event)
    client.force_login(moderator_of(event.group))

    with django_assert_max_num_queries(11):
        assert client.get(reverse("events:attendees", args=[event.slug])).status_code == 200


@pytest.mark.parametrize("kept", [0, 300])
def test_the_event_list_pages_through_events_and_a_page_past_the_end_is_not_found(client, settings, kept):
    settings.PAGE_CACHE_SECONDS = kept
    for n in range(22):
        EventFactory(site=True, title=f"Weekly huddle {n:02}", starts_at=timezone.now() + timedelta(days=n + 1))
    path = reverse("events:list")

    first, second = client.get(path).content.decode(), client.get(f"{path}?page=2").content.decode()

    assert "Weekly huddle 19" in first
    assert "Weekly huddle 20" not in first
    assert "Weekly huddle 20" in second
    assert "Weekly huddle 21" in second
    assert client.get(f"{path}?page=9").status_code == 404
    assert client.get(f"{path}?page=two").status_code == 404
