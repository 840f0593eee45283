"""Members: verified accounts that can sign in, with the profile fields people fill in."""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from members.models import User

from . import Generated
from .bulk import Table

FIRST = ["Amira", "Ben", "Chloe", "Dev", "Efua", "Finn", "Grace", "Hamza", "Isla", "Jon", "Kemi", "Liam", "Maya"]
LAST = ["Adams", "Begum", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis"]
JOBS = ["Ward manager", "Improvement advisor", "GP", "Pharmacist", "Physiotherapist", "Service manager", "Nurse"]
ORGS = ["Northfield NHS Trust", "Riverside Primary Care Network", "Eastgate Council", "Hillview Hospice"]
# Every generated member shares one password so the benchmark can sign any of them in.
PASSWORD = "bench-password-1"  # noqa: S105


def email_for(index: int) -> str:
    return f"member{index}@bench.example.org"


def step(sizes, rng: random.Random, generated: Generated) -> None:
    password = make_password(PASSWORD)
    now = timezone.now()
    users = Table(User, ["email", "name", "job_title", "organisation", "password", "date_joined"])
    addresses = Table(EmailAddress, ["user", "email", "verified", "primary"])
    for index in range(sizes.members):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        joined = now - timedelta(days=rng.randint(0, 1500))
        email = email_for(index)
        user_id = users.add(email, name, rng.choice(JOBS), rng.choice(ORGS), password, joined)
        generated.member_ids.append(user_id)
        addresses.add(user_id, email, True, True)
    generated.counts["members"] = users.close()
    addresses.close()
