"""Members' names are shown on kept pages (authors, moderators, posts): a change to what is shown
of a member retires every kept page (core.page_cache), which is rare. Signing in (last_login),
a new account, a changed password, follows, blocks and the rest retire nothing."""

from django.db.models.signals import post_delete, pre_save

from core.page_cache import EVERYWHERE, retire

from .models import User

SHOWN_FIELDS = ("name", "job_title", "organisation", "bio", "profile_visibility", "is_active")


def _before_member_saved(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(SHOWN_FIELDS):
        return
    before = User.objects.filter(pk=instance.pk).values(*SHOWN_FIELDS).first()
    if before is not None and any(before[field] != getattr(instance, field) for field in SHOWN_FIELDS):
        retire(EVERYWHERE)


def _member_deleted(sender, instance: User, **kwargs) -> None:
    retire(EVERYWHERE)


def connect() -> None:
    pre_save.connect(_before_member_saved, sender=User, dispatch_uid="page_cache_member_shown")
    post_delete.connect(_member_deleted, sender=User, dispatch_uid="page_cache_member_deleted")
