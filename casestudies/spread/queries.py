"""What the apps above read of the spread of case studies: their views read adaptations through
these functions, never through the models (the import contract on views in pyproject.toml)."""

from casestudies.spread.models import Adaptation, AdaptationQuerySet


def visible_adaptations() -> AdaptationQuerySet:
    """Adaptations anyone may see (not hidden by a curator)."""
    return Adaptation.objects.visible()
