"""What the submission form's extra buttons do, the same on the steps and on the one-page form:
the Find buttons of the organisation and co-author boxes (for anyone without JavaScript: the
matches are listed and nothing is saved), the byline's Move buttons and a member added from the
co-author box (both after the form is saved), and the page shown when a save meets a newer one."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from casestudies.editorial.edit_conflict import edit_conflicts, saved_case_study
from casestudies.editorial.forms.case_study import CaseStudyEditor
from casestudies.editorial.services.errors import ReviewError
from casestudies.editorial.services.submission import case_study_author_move
from casestudies.editorial.views.organisations import organisations_offered
from casestudies.library.models import CaseStudy


def form_search(request: HttpRequest, editor: CaseStudyEditor) -> dict[str, Any] | None:
    """The context that lists what a Find button found, or None if no Find button was pressed."""
    action = request.POST.get("action", "")
    if action == "enter" and editor.finder is not None and request.POST.get("coauthor-q", "").strip():
        action = "find_member"  # Enter pressed in the co-author box (or with a name left in it) finds
    if action == "find_member" and editor.finder is not None:
        editor.finder.search()
        return {}
    if action == "find_organisation" and "new_organisation" in editor.form.fields:
        text = editor.form.data.get("new_organisation", "").strip()
        found = organisations_offered(request, text)
        editor.form.offer_organisations(found)
        return {"organisation_search": {"text": text, "found": found}}
    return None


def authors_changed(request: HttpRequest, case_study: CaseStudy, editor: CaseStudyEditor) -> bool:
    """After a save: moves the author a Move button asked for, and says who the co-author box
    added. True if either happened, so the author is taken back to the byline."""
    if editor.finder is not None and editor.finder.member is not None:
        name = editor.finder.member.name
        messages.success(request, f"{name} is added as a co-author. We have emailed them to say so.")
        return True
    author_id, _, direction = request.POST.get("move_author", "").partition(":")
    if not (author_id.isdigit() and len(author_id) < 18 and direction in {"up", "down"}):
        return False
    try:
        case_study_author_move(case_study=case_study, author_id=int(author_id), up=direction == "up")
    except ReviewError as error:
        messages.error(request, str(error))
    return True


def edit_conflict(
    request: HttpRequest, editor: CaseStudyEditor, rebuild: Callable[[Any, CaseStudy], CaseStudyEditor]
) -> tuple[CaseStudyEditor, dict[str, Any]]:
    """After a save refused as stale: the form again with what was typed, now carrying the saved
    version's number (so saving it again, having seen, saves over), and the fields that differ."""
    saved = saved_case_study(editor.form.instance.pk)
    conflicts = edit_conflicts(editor, saved)
    data = request.POST.copy()
    data["version"] = str(saved.version)
    again = rebuild(data, saved)
    again.is_valid()
    return again, {"conflicts": conflicts, "case_study": saved}
