"""The submission form in steps: each step is a part of the whole form, saved as a draft on its own."""

from dataclasses import dataclass

from casestudies.editorial.forms.case_study import CaseStudyEditor
from casestudies.editorial.services.submission import REQUIRED_FOR_REVIEW
from casestudies.library.models import CaseStudy


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    intro: str = ""


STEPS = [
    Step(
        "about",
        "About the work",
        ("title", "summary", "topics", "care_settings", "approaches", "region", "started_on", "ended_on"),
        intro="What the work was, in a sentence or two, and where it fits, so the right people find it.",
    ),
    Step(
        "story",
        "The story",
        ("problem", "actions", "results", "lessons", "next_steps"),
        intro="Five short sections. Write as you would tell a colleague; you can use Markdown for lists and links.",
    ),
    Step(
        "results",
        "Results and measures",
        rows=("outcomes",),
        intro="The numbers that show the change, before and after, with their unit.",
    ),
    Step(
        "people",
        "People and organisations",
        ("organisations", "new_organisation"),
        rows=("authors",),
        intro="Everyone who did the work, and the organisations they did it in.",
    ),
    Step(
        "files",
        "Files and links",
        ("cover_image", "cover_image_alt"),
        rows=("links",),
        intro="A picture for the top of the page, and reports, toolkits or videos others can use.",
    ),
    Step("check", "Check and send", intro="Check every part, preview it as readers will see it, and send it."),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
FIRST, CHECK = STEPS[0], STEPS[-1]


def step_after(step: Step) -> Step:
    return STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)]


def step_editor(step: Step, data=None, files=None, *, instance: CaseStudy | None, editor) -> CaseStudyEditor:
    return CaseStudyEditor(data, files, instance=instance, editor=editor, fields=list(step.fields), rows=step.rows)


def step_of(field: str) -> Step:
    """The step where a field is asked for."""
    return next((step for step in STEPS if field in step.fields), FIRST)


def missing_by_step(missing: list[str]) -> dict[str, list[str]]:
    """The parts still missing for review (named as missing_for_review names them), by step."""
    step_of_named = {named: step_of(field).slug for field, named in REQUIRED_FOR_REVIEW}
    found: dict[str, list[str]] = {}
    for named in missing:
        found.setdefault(step_of_named.get(named, FIRST.slug), []).append(named)
    return found
