"""What the apps above read of events: their views read events through these functions, never
through the models (the import contract on views in pyproject.toml)."""

from members.models import Viewer

from .models import Event, EventQuerySet


def visible_events(viewer: Viewer) -> EventQuerySet:
    """The events `viewer` may see: site events, and those of the groups they may see."""
    return Event.objects.visible_to(viewer)
