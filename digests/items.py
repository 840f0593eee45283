"""The digest's items as the email shows them, as JSON for the outbox row. What several digests
of a batch show alike (an address, a start time in one time zone) is worked out once a batch."""

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from casestudies.library.models import CaseStudy, Collection
from casestudies.spread.models import Adaptation
from events.models import Event
from groups.models import Thread


class _PerBatch(dict):
    """Values worked out once per batch, however many of its digests show them: `make(key)`."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        self[key] = value = self.make(key)
        return value


def in_zone(moment: Any, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"


# Reasons that name things after a common opening: "By a member of Flow coaches" and "By a member
# of Huddles" read as one, "By a member of Flow coaches and Huddles".
_NAMING_REASONS = ("By a member of ", "In ", "From ")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def shown_reasons(reasons: list[str]) -> list[str]:
    """The reasons as the member reads them, with those of one kind joined. The ranking counts
    the reasons apart: an item found two ways is still more relevant than one found one way."""
    names: dict[str, list[str]] = {}
    for reason in reasons:
        opening = next((opening for opening in _NAMING_REASONS if reason.startswith(opening)), None)
        if opening is None:
            names.setdefault(reason, [])
        elif reason.removeprefix(opening) not in names.setdefault(opening, []):
            names[opening].append(reason.removeprefix(opening))
    return [opening + _and(found) if found else opening for opening, found in names.items()]


class Items:
    """Makes each section's items, `item(reasons, thing)`, for one batch."""

    def __init__(self) -> None:
        self.paths = _PerBatch(lambda page: page.get_absolute_url())
        # A case study as every digest of the batch shows it, its headline result worked out once.
        self.case_studies = _PerBatch(self._case_study)
        # Members in the same time zone see an event written the same way.
        self.events = _PerBatch(self._event)
        # Where a section's "and n more" line leads.
        self.library_path = reverse("casestudies:list")
        self.events_path = reverse("events:list")
        self.groups_path = reverse("groups:list")

    def case_study(self, reasons: list[str], case_study: CaseStudy) -> dict[str, Any]:
        return {**self.case_studies[case_study], "reasons": shown_reasons(reasons)}

    def _case_study(self, case_study: CaseStudy) -> dict[str, Any]:
        return {
            "title": case_study.title,
            "summary": case_study.summary,
            "result": str(case_study.headline or ""),
            "path": self.paths[case_study],
        }

    def event(self, reasons: list[str], event: Event, *, zone: ZoneInfo) -> dict[str, Any]:
        return {**self.events[event, zone], "reasons": shown_reasons(reasons)}

    def _event(self, event_in_zone: tuple[Event, ZoneInfo]) -> dict[str, Any]:
        event, zone = event_in_zone
        return {
            "title": event.title,
            "summary": event.summary,
            "path": self.paths[event],
            "starts": in_zone(event.starts_at, zone),
            "format": event.get_format_display(),
            "places_left": None if event.capacity is None else event.capacity - event.registered_count,
        }

    def thread(self, reasons: list[str], thread: Thread) -> dict[str, Any]:
        return {"title": thread.title, "path": self.paths[thread], "reasons": shown_reasons(reasons)}

    def collection(self, reasons: list[str], collection: Collection) -> dict[str, Any]:
        return {"title": collection.title, "path": self.paths[collection], "reasons": shown_reasons(reasons)}

    def adaptation(self, reasons: list[str], adaptation: Adaptation) -> dict[str, Any]:
        return {
            "title": adaptation.case_study.title,
            "path": self.paths[adaptation.case_study],
            "organisation": adaptation.organisation,
            "status": adaptation.get_status_display().lower(),
            "reasons": shown_reasons(reasons),
        }
