"""An invitation opened before signing in is used as soon as the person signs in (or signs up)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete
from django.dispatch import receiver

from members.models import FollowKind
from members.services import follows_of_target_remove

from . import services
from .models import Group

INVITATION_SESSION_KEY = "groups_invitation_token"


@receiver(user_logged_in, dispatch_uid="groups_accept_invitation_on_login")
def accept_invitation_on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    if not token:
        return
    try:
        membership = services.invitation_accept(token=token, user=user)
    except services.GroupActionError as error:
        messages.warning(request, error.message)
        return
    messages.success(request, f"You have joined {membership.group.name}, as you were invited to.")


@receiver(post_delete, sender=Group, dispatch_uid="groups_forget_follows")
def forget_follows_of_deleted_group(sender, instance: Group, **kwargs) -> None:
    follows_of_target_remove(kind=FollowKind.GROUP, object_ids=[instance.pk])
