"""The pages the benchmark loads, each built from the data in the database under test.

A page is listed only when its address exists in the portal, so the suite grows as the apps
land. Detail pages rotate through many objects rather than hitting one row again and again.
"""

import random
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from .generate import models_present
from .generate.text import COMMON_TERM, PHRASE, RARE_TERM

ROTATE = 500


@dataclass
class Page:
    name: str
    paths: list[str]
    # The least share of the framework floor's requests/s the page should reach (None: no target).
    target: float | None = 0.2
    search: str | None = None  # the query text of a search page
    growth: bool = False  # also measured at each size of the growth curve
    extra: dict = field(default_factory=dict)


def address(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def pages() -> list[Page]:
    rng = random.Random(7)
    found = [Page("framework floor", ["/bench/floor/"], target=None, growth=True)]
    found.append(Page("home", [reverse("home")]))
    case_studies = address("casestudies:list")
    if case_studies and models_present("casestudies.CaseStudy"):
        from django.db.models import Exists, OuterRef

        from casestudies.library.models import CareSetting, CaseStudy, MeasurePoint, Topic

        found.append(Page("case study list", [case_studies], target=0.3, growth=True))
        topic = Topic.objects.order_by("id").first()
        setting = CareSetting.objects.order_by("id").first()
        if topic and setting:
            query = urlencode({"topic": topic.slug, "setting": setting.slug})
            found.append(Page("list, two facets", [f"{case_studies}?{query}"], target=0.3, growth=True))
        for label, text in [("rare term", RARE_TERM), ("common term", COMMON_TERM), ("phrase", f'"{PHRASE}"')]:
            path = f"{case_studies}?{urlencode({'q': text})}"
            found.append(Page(f"search, {label}", [path], search=text, growth=True))
        # The detail page of a case study whose measures carry 100-point series (bench/generate/series.py).
        charted = CaseStudy.objects.published().filter(
            Exists(MeasurePoint.objects.filter(measure__case_study=OuterRef("pk")))
        )
        slugs = list(charted.order_by("?").values_list("slug", flat=True)[:ROTATE])
        if slugs and address("casestudies:detail", slug=slugs[0]):
            paths = [reverse("casestudies:detail", kwargs={"slug": slug}) for slug in slugs]
            found.append(Page("case study detail", paths, target=0.3, growth=True))
    groups = address("groups:list")
    if groups and models_present("groups.Group"):
        from groups.models import Group

        found.append(Page("groups list", [groups]))
        slugs = list(Group.objects.visible_to(None).values_list("slug", flat=True))
        rng.shuffle(slugs)
        if slugs and address("groups:detail", slug=slugs[0]):
            found.append(Page("group page", [reverse("groups:detail", kwargs={"slug": s}) for s in slugs[:ROTATE]]))
    events = address("events:list")
    if events and models_present("events.Event"):
        from events.models import Event

        found.append(Page("events list", [events]))
        slugs = list(Event.objects.visible_to(None).order_by("?").values_list("slug", flat=True)[:ROTATE])
        if slugs and address("events:detail", slug=slugs[0]):
            found.append(Page("event page", [reverse("events:detail", kwargs={"slug": s}) for s in slugs]))
    return found
