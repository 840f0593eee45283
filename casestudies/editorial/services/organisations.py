"""Organisations as people name them: found by a key that ignores case, punctuation and words such
as "NHS" and "Trust"; added by members when the portal has not seen them (unconfirmed until a
curator confirms them or merges them into the one already known).

Members' profiles name their organisation as text (members sits below the library); these
services keep that text to the organisation's own name, and a merge renames it there too.
"""

from django.db import transaction
from django.utils.text import slugify

from casestudies.editorial.models import AuditEntry
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.errors import ReviewError
from casestudies.library.models import CaseStudy, Organisation, OrganisationFormerSlug
from casestudies.library.search import search_vectors_refresh
from casestudies.spread.models import Adaptation
from members.models import User, organisation_name_problem


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200].strip("-") or "organisation"
    candidate, number = base, 1
    while Organisation.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def organisation_find_or_add(*, name: str, by: User) -> Organisation:
    """The organisation with this name as matched (confirmed ones first), or a new unconfirmed one
    added by `by` (a curator's is confirmed at once); audit entry for a new one."""
    name = " ".join(name.split())
    problem = organisation_name_problem(name)
    if problem:
        raise ReviewError(problem)
    existing = Organisation.objects.named(name).first()
    if existing is not None:
        return existing
    organisation = Organisation(name=name, slug=_unique_slug(name), confirmed=by.is_curator, created_by=by)
    organisation.save()
    audit_record(by=by, action=AuditEntry.Action.ORGANISATION_ADDED, subject=organisation.name)
    return organisation


@transaction.atomic
def organisation_confirm(*, organisation: Organisation, by: User) -> Organisation:
    """Marks an organisation members added as checked; audit entry."""
    if not organisation.confirmed:
        Organisation.objects.filter(pk=organisation.pk).update(confirmed=True)
        organisation.confirmed = True
        audit_record(by=by, action=AuditEntry.Action.ORGANISATION_CONFIRMED, subject=organisation.name)
    return organisation


@transaction.atomic
def organisation_merge(*, source: Organisation, target: Organisation, by: User) -> int:
    """Moves every link to `source` onto `target` (case studies, members' profiles, adaptations)
    and deletes `source`; search vectors refreshed, audit entry. Returns the case studies moved."""
    if source.pk == target.pk:
        raise ReviewError("Choose a different organisation to merge into.")
    through = CaseStudy.organisations.through
    ids = list(through.objects.filter(organisation_id=source.pk).values_list("casestudy_id", flat=True))
    already = set(
        through.objects.filter(organisation_id=target.pk, casestudy_id__in=ids).values_list("casestudy_id", flat=True)
    )
    through.objects.bulk_create(through(casestudy_id=pk, organisation_id=target.pk) for pk in ids if pk not in already)
    members = User.objects.filter(organisation__iexact=source.name).update(organisation=target.name)
    adaptations = Adaptation.objects.filter(organisation__iexact=source.name).update(organisation=target.name)
    # Old addresses of the source (and of what was merged into it) lead to the target from now on.
    OrganisationFormerSlug.objects.filter(organisation=source).update(organisation=target)
    OrganisationFormerSlug.objects.update_or_create(slug=source.slug, defaults={"organisation": target})
    source_name = source.name
    source.delete()
    if not target.confirmed:
        Organisation.objects.filter(pk=target.pk).update(confirmed=True)
    search_vectors_refresh(case_study_ids=ids)
    audit_record(
        by=by,
        action=AuditEntry.Action.ORGANISATION_MERGED,
        subject=target.name,
        detail=f"“{source_name}” merged into “{target.name}”: {len(ids)} case studies, "
        f"{members} member profiles and {adaptations} adaptations moved",
    )
    return len(ids)


@transaction.atomic
def member_organisation_set(*, member: User, name: str) -> Organisation | None:
    """Links a member's profile to the organisation they named (found, or added unconfirmed), and
    writes the organisation's own name back to the profile. An empty name clears it."""
    if not name.strip():
        if member.organisation:
            User.objects.filter(pk=member.pk).update(organisation="")
            member.organisation = ""
        return None
    organisation = organisation_find_or_add(name=name, by=member)
    if member.organisation != organisation.name:
        User.objects.filter(pk=member.pk).update(organisation=organisation.name)
        member.organisation = organisation.name
    return organisation
