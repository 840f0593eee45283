"""The values the list filters accept, written into the OpenAPI document as enums.

`/case-studies/?topic=` (and setting, approach, region, benefit) and `/events/?group=` refuse a
slug that names nothing, with a 400 saying which, so a schema allowing any text would promise what
the API does not do. The document lists the slugs that exist when it is fetched, which is also what
a client needs to build a filter.
"""

from typing import Any

from django.db.models import CharField, Value

from casestudies.library import browse
from groups.models import Group


def facet_values() -> dict[str, list[str]]:
    """Each case-study filter's slugs: the taxonomy's terms (one query) and the fixed choices."""
    values = {facet.parameter: [value for value, _label in facet.choices] for facet in browse.FACETS}
    parts = [
        facet.model._default_manager.values_list(Value(facet.parameter, output_field=CharField()), "slug")
        for facet in browse.TERM_FACETS
        if facet.model is not None
    ]
    for parameter, slug in parts[0].union(*parts[1:], all=True):
        values[parameter].append(slug)
    return {parameter: sorted(slugs) for parameter, slugs in values.items()}


def group_values() -> list[str]:
    """The groups anyone may see: private ones are never named, whoever asks."""
    return sorted(Group.objects.visible_to(None).values_list("slug", flat=True))


def _allow(parameter_schema: dict[str, Any], slugs: list[str]) -> None:
    # With nothing to name the filter accepts no value at all (an enum may not be empty).
    target = parameter_schema["items"] if parameter_schema.get("type") == "array" else parameter_schema
    if slugs:
        target["enum"] = slugs
    elif parameter_schema.get("type") == "array":
        parameter_schema["maxItems"] = 0
    else:
        target["maxLength"] = 0


def declare(schema: dict[str, Any]) -> None:
    """Writes the allowed slugs into the filters of the case-study and event lists."""
    allowed = {"/case-studies/": facet_values(), "/events/": {"group": group_values()}}
    for path, operations in schema["paths"].items():
        by_parameter = next((values for end, values in allowed.items() if path.endswith(end)), {})
        for parameter in operations.get("get", {}).get("parameters", []) if by_parameter else []:
            if parameter["in"] == "query" and parameter["name"] in by_parameter:
                _allow(parameter["schema"], by_parameter[parameter["name"]])
