"""What is new in the library, announced for the apps above it (which the library cannot import)
to act on: sent inside the publishing transaction, so receivers queue their work on commit."""

from django.dispatch import Signal

# Sent once, when a case study is first published (not when a revision replaces it);
# arguments: case_study_id.
case_study_published = Signal()
