"""Keeps each case study's stored search vector, and the cached facet terms, in step with their sources."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from casestudies.editorial.services.organisations import member_organisation_set
from casestudies.library import browse, taxonomy, vocabulary
from casestudies.library.models import (
    CaseStudy,
    Organisation,
    OutcomeMeasure,
    SynonymGroup,
)
from casestudies.library.search import library_changed, search_vectors_refresh
from casestudies.library.series import evidence_refresh
from members.models import FollowKind
from members.services import follows_of_target_remove
from members.signals import organisation_named


def _case_study_saved(sender, instance: CaseStudy, raw: bool = False, **kwargs) -> None:
    if not raw:
        search_vectors_refresh(case_study_ids=[instance.pk])


def _links_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        search_vectors_refresh(case_study_ids=[instance.pk])
    elif action == "pre_clear":
        # After a clear from the term's side the links are gone, so note them before.
        search_vectors_refresh(case_study_ids=list(instance.case_studies.values_list("pk", flat=True)))
    elif pk_set:
        search_vectors_refresh(case_study_ids=pk_set)


def _outcome_changed(sender, instance: OutcomeMeasure, raw: bool = False, **kwargs) -> None:
    if not raw:
        search_vectors_refresh(case_study_ids=[instance.case_study_id])
        evidence_refresh(case_study_ids=[instance.case_study_id])


def _term_changed(sender, instance, **kwargs) -> None:
    # Now, and again once committed: a request reading the terms in between would keep the old
    # ones, and the library takes the chosen terms' names and ids from them (browse.terms_of).
    key = browse.terms_cache_key(sender)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _term_saved(sender, instance, raw: bool = False, created: bool = False, **kwargs) -> None:
    if not raw and not created:
        search_vectors_refresh(case_study_ids=list(instance.case_studies.values_list("pk", flat=True)))


def _removed(sender, instance, **kwargs) -> None:
    # A deleted case study or term leaves no row to refresh, but what the library counts has changed.
    library_changed()


def _vocabulary_changed(sender, instance, **kwargs) -> None:
    vocabulary.changed()


_FOLLOW_KINDS = {
    **{model: kind for kind, model in taxonomy.FOLLOWED.items()},
    Organisation: FollowKind.ORGANISATION,
}


def _followed_term_deleted(sender, instance, **kwargs) -> None:
    follows_of_target_remove(kind=_FOLLOW_KINDS[sender], object_ids=[instance.pk])


def connect() -> None:
    post_save.connect(_vocabulary_changed, sender=SynonymGroup, dispatch_uid="vocabulary_saved")
    post_delete.connect(_vocabulary_changed, sender=SynonymGroup, dispatch_uid="vocabulary_deleted")
    post_save.connect(_case_study_saved, sender=CaseStudy, dispatch_uid="casestudy_search_vector")
    for field in ("organisations", *taxonomy.MANY_RELATIONS):
        through = getattr(CaseStudy, field).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"casestudy_search_{field}")
    post_save.connect(_outcome_changed, sender=OutcomeMeasure, dispatch_uid="outcome_search_saved")
    post_delete.connect(_outcome_changed, sender=OutcomeMeasure, dispatch_uid="outcome_search_deleted")
    for term in (*taxonomy.MODELS, Organisation):
        post_save.connect(_term_saved, sender=term, dispatch_uid=f"{term.__name__}_search_renamed")
    # Only facets of terms: a receiver connected with no sender would hear every save on the site.
    for facet in browse.TERM_FACETS:
        post_save.connect(_term_changed, sender=facet.model, dispatch_uid=f"{facet.parameter}_terms_saved")
        post_delete.connect(_term_changed, sender=facet.model, dispatch_uid=f"{facet.parameter}_terms_deleted")
    for model in (CaseStudy, *taxonomy.MODELS, Organisation):
        post_delete.connect(_removed, sender=model, dispatch_uid=f"{model.__name__}_library_removed")
    for model in _FOLLOW_KINDS:
        post_delete.connect(_followed_term_deleted, sender=model, dispatch_uid=f"{model.__name__}_follows_removed")
    organisation_named.connect(_organisation_named, dispatch_uid="casestudies_member_organisation")


def _organisation_named(sender, user, name: str, **kwargs) -> None:
    # The profile form has checked the name already; this finds (or adds) the organisation it means.
    member_organisation_set(member=user, name=name)
