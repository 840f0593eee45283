"""The fixed lists a case study is described by: its statuses, what its results rest on, its
licences, and its sections in reading order."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"
    DECLINED = "declined", "Declined"


class Evidence(models.TextChoices):
    """What a case study's results rest on, best first; kept by casestudies.library.series.evidence_refresh."""

    SUSTAINED = "sustained-improvement", "Sustained improvement shown"
    SERIES = "data-over-time", "Data over time"
    BEFORE_AFTER = "before-and-after", "Before and after only"


class Licence(models.TextChoices):
    """Licences curators may set on a case study; the default lets anyone reuse it with credit."""

    CC_BY_4 = "CC-BY-4.0", "Creative Commons Attribution 4.0 International"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International"
    CC_BY_NC_4 = "CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0 International"
    CC_BY_NC_SA_4 = "CC-BY-NC-SA-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", "All rights reserved: ask the authors before reusing it"


LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC_4: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA_4: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}


# Statuses in which the authors may change the text.
EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

# The structured sections, in reading order: (Markdown field, heading shown on the page).
SECTIONS = [
    ("problem", "The problem and its context"),
    ("actions", "What we did"),
    ("results", "Results and impact"),
    ("lessons", "Lessons learned"),
    ("next_steps", "What next"),
]
