"""What is new in groups, announced for the apps above to act on: sent inside the creating
transaction, so receivers queue their work on commit."""

from django.dispatch import Signal

# Sent when a discussion thread is started; arguments: thread_id.
thread_created = Signal()
