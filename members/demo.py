"""Demo accounts for `manage.py seed_demo`. Passwords are public: never seed a real site."""

from typing import Any

from allauth.account.models import EmailAddress

from .models import User

DEMO_PASSWORD = "improve-together"  # noqa: S105 (demo accounts only, shown on purpose)

DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {
        "email": "curator@example.org",
        "name": "Cara Curator",
        "job_title": "Library curator",
        "organisation": "Improvement Exchange",
        "is_staff": True,
    },
    {
        "email": "moderator@example.org",
        "name": "Mo Moderator",
        "job_title": "Improvement coach",
        "organisation": "Northfield Teaching Hospitals NHS Foundation Trust",
    },
    {
        "email": "member@example.org",
        "name": "Priya Shah",
        "job_title": "Ward manager",
        "organisation": "Riverside Community Health",
    },
    # Two more members, so that ideas in the demo library spread between several organisations.
    {
        "email": "carehomes@example.org",
        "name": "Sam Okafor",
        "job_title": "Care home quality lead",
        "organisation": "Millbrook Care Homes Group",
    },
    {
        "email": "practice@example.org",
        "name": "Lena Novak",
        "job_title": "Practice manager",
        "organisation": "Westbrook Primary Care Network",
    },
]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def seed() -> list[str]:
    lines = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(email=account["email"], defaults=account)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        role = "curator" if user.is_staff else account["job_title"].lower()
        lines.append(f"{user.email} / {DEMO_PASSWORD}  ({role})")
    return lines
