from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from members.models import User
from outbox.models import OutgoingEmail, Stream
from outbox.services import render_email

from ... import services


class Command(BaseCommand):
    help = "Queues the digests that are due now (what beat does every 15 minutes), or shows one member's."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Write and send nothing; show what would go.")
        parser.add_argument("--member", metavar="EMAIL", help="Only this member (with --dry-run).")

    def handle(self, *args, dry_run: bool, member: str | None, **options) -> None:
        if member and not dry_run:
            raise CommandError("--member shows one member's digest and needs --dry-run.")
        if member:
            user = User.objects.with_email(member).first()
            if user is None:
                raise CommandError(f"No member has the email address {member}.")
            self.show(user)
        elif dry_run:
            due = services.due_preference_ids(now=timezone.now())
            self.stdout.write(f"{len(due)} member(s) have a digest due now.")
        else:
            count = services.digests_schedule()
            self.stdout.write(f"Queued the digests of {count} member(s).")

    def show(self, user: User) -> None:
        digest = services.digest_preview(user=user)
        if digest.is_empty:
            self.stdout.write(
                f"Nothing new for {user.email} since {digest.context()['since']}: no email would be sent."
            )
            return
        email = OutgoingEmail(
            recipient=user,
            to_address=user.email,
            stream=Stream.DIGEST,
            template_name="digest",
            context=digest.context(),
        )
        message = render_email(email)
        self.stdout.write(f"To: {user.email}\nSubject: {message.subject}\n\n{message.body}")
