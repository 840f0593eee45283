"""The people app's part of a member's data export. Its rows (work profile, messages sent and
received) go with the member's account when it is deleted, by cascade."""

from typing import Any

from members.models import User

from .models import Message, WorkProfile


def people_export(user: User) -> dict[str, Any]:
    work = WorkProfile.objects.filter(user=user).select_related("region").prefetch_related("topics").first()
    return {
        "topics_you_work_on": [topic.name for topic in work.topics.all()] if work else [],
        "region": work.region.name if work and work.region else None,
        "messages_you_sent": [
            {"to": message.recipient.name, "text": message.text, "sent_at": message.created_at}
            for message in Message.objects.filter(sender=user).select_related("recipient").order_by("created_at")
        ],
        "messages_to_you": [
            {"from": message.sender.name, "text": message.text, "sent_at": message.created_at}
            for message in Message.objects.filter(recipient=user).select_related("sender").order_by("created_at")
        ],
    }
