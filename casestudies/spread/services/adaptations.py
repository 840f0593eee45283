"""Recording that an organisation is adopting or adapting a published case study, and linking the
adapters' own case study to it. Every refusal is an AdaptationRefused with a message for the member.

Each change to what an adaptation counts for also recounts its case study's `adaptation_count`,
the stored number behind the "most adapted" order and the home page section.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from casestudies.library.models import CaseStudy
from casestudies.spread.models import Adaptation, AdaptationStatus
from members.models import User

# How far up a chain of adaptations the cycle check looks; chains are short in practice.
MAX_LINEAGE_DEPTH = 20


# The reason given when a curator hides adaptations in bulk from the admin list.
HIDDEN_AS_BOGUS = "Not a genuine adaptation."


class AdaptationRefused(Exception):
    pass


def _ancestor_ids(case_study: CaseStudy) -> set[int]:
    """The case study and those it was adapted from, up the chain."""
    found = {case_study.pk}
    current = case_study.pk
    for _ in range(MAX_LINEAGE_DEPTH):
        parent = Adaptation.objects.filter(adapted_as_id=current).values_list("case_study_id", flat=True).first()
        if parent is None or parent in found:
            break
        found.add(parent)
        current = parent
    return found


def _check_link(*, case_study: CaseStudy, adapted_as: CaseStudy | None, member: User, exclude_pk: int | None) -> None:
    if adapted_as is None:
        return
    if adapted_as.pk == case_study.pk:
        raise AdaptationRefused("A case study cannot be an adaptation of itself.")
    if not CaseStudy.objects.authored_by(member).filter(pk=adapted_as.pk).exists():
        raise AdaptationRefused("You can only link a case study you wrote.")
    if adapted_as.pk in _ancestor_ids(case_study):
        raise AdaptationRefused(
            f"“{case_study.title}” was itself adapted from “{adapted_as.title}”, so linking them would make a loop."
        )
    others = Adaptation.objects.filter(adapted_as=adapted_as)
    taken = (others if exclude_pk is None else others.exclude(pk=exclude_pk)).first()
    if taken is not None:
        raise AdaptationRefused(f"“{adapted_as.title}” is already linked as an adaptation of another case study.")


@transaction.atomic
def adaptation_counts_refresh(*, case_study_ids: Iterable[int | None]) -> None:
    """Recounts the adaptations no curator has hidden, for each of the case studies.

    The rows are locked first, so the count (a new statement, under READ COMMITTED) sees every
    adaptation committed by a transaction that held the lock before: two members recording at
    once each leave the right number, where adding one to the count could not be checked.
    """
    ids = sorted({pk for pk in case_study_ids if pk is not None})
    if not ids:
        return
    list(CaseStudy.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    shown = (
        Adaptation.objects.filter(case_study=OuterRef("pk"), hidden=False)
        .order_by()
        .values("case_study")
        .annotate(n=Count("pk"))
        .values("n")
    )
    CaseStudy.objects.filter(pk__in=ids).update(adaptation_count=Coalesce(Subquery(shown), Value(0)))


@transaction.atomic
def adaptation_record(
    *,
    member: User,
    case_study: CaseStudy,
    organisation: str,
    changes: str,
    status: str = AdaptationStatus.PLANNING,
    adapted_as: CaseStudy | None = None,
) -> Adaptation:
    if not case_study.is_published:
        raise AdaptationRefused("Only a published case study can be adapted.")
    if CaseStudy.objects.authored_by(member).filter(pk=case_study.pk).exists():
        raise AdaptationRefused("This is your own case study, so you cannot record adapting it.")
    if Adaptation.objects.filter(case_study=case_study, member=member).exists():
        raise AdaptationRefused("You have already recorded adapting this case study.")
    _check_link(case_study=case_study, adapted_as=adapted_as, member=member, exclude_pk=None)
    try:
        with transaction.atomic():
            adaptation = Adaptation.objects.create(
                member=member,
                case_study=case_study,
                organisation=organisation.strip(),
                changes=changes.strip(),
                status=status,
                adapted_as=adapted_as,
            )
    except IntegrityError:
        # A second click racing the first one.
        raise AdaptationRefused("You have already recorded adapting this case study.") from None
    adaptation_counts_refresh(case_study_ids=[case_study.pk])
    return adaptation


@transaction.atomic
def adaptation_hide(*, adaptation: Adaptation, reason: str) -> Adaptation:
    """Hides a bogus adaptation with the reason its member sees; its case study no longer counts it."""
    adaptation.hidden = True
    adaptation.hidden_reason = reason.strip()[:300]
    adaptation.save(update_fields=["hidden", "hidden_reason", "updated_at"])
    adaptation_counts_refresh(case_study_ids=[adaptation.case_study_id])
    return adaptation


@transaction.atomic
def adaptation_unhide(*, adaptation: Adaptation) -> Adaptation:
    """Shows a hidden adaptation again (a curator's mistake); its case study counts it again."""
    adaptation.hidden = False
    adaptation.hidden_reason = ""
    adaptation.save(update_fields=["hidden", "hidden_reason", "updated_at"])
    adaptation_counts_refresh(case_study_ids=[adaptation.case_study_id])
    return adaptation
