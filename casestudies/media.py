"""Who may fetch the library's uploaded files (qportal/media.py serves them): whoever may see the
case study they belong to."""

from django.http import HttpRequest

from casestudies.library.models import Attachment, CaseStudy


def cover_may_be_fetched(request: HttpRequest, name: str) -> bool:
    return CaseStudy.objects.visible_to(request.user).filter(cover_image=name).exists()


def attachment_may_be_fetched(request: HttpRequest, name: str) -> bool:
    visible = CaseStudy.objects.visible_to(request.user)
    return Attachment.objects.filter(file=name, case_study__in=visible).exists()
