"""The audit history: who changed what in the library, and when."""

from casestudies.editorial.models import AuditEntry
from casestudies.library.models import CaseStudy, Collection
from members.models import User


def audit_record(
    *,
    by: User | None,
    action: AuditEntry.Action,
    subject: str,
    detail: str = "",
    case_study: CaseStudy | None = None,
    collection: Collection | None = None,
) -> AuditEntry:
    """Adds an entry to the audit history (for changes made outside these services, such as in the admin)."""
    return AuditEntry.objects.create(
        actor=by,
        action=action,
        subject=subject[:300],
        detail=detail[:1000],
        case_study=case_study,
        collection=collection,
    )
