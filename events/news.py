"""What is new among events, announced for the apps above to act on: sent inside the creating
transaction, so receivers queue their work on commit."""

from django.dispatch import Signal

# Sent when an event is created; arguments: event_id.
event_created = Signal()
