"""The library search's vocabulary: ideas with several names, kept by curators in the admin."""

import re

from django.core.exceptions import ValidationError
from django.db import models

MAX_FORMS = 12
MAX_FORM_LENGTH = 100
_PLAIN = re.compile(r"^[\w\s&'\-]+$")


class SynonymGroup(models.Model):
    """One idea under several names ("DNA", "did not attend", "missed appointments"): a search
    for any of them finds case studies that use any other. Applied as each search is read, so
    an edit counts from the next search, with no reindexing."""

    forms = models.TextField(
        help_text="One name on each line, as people write it: an abbreviation, its expansion, everyday words. "
        f"Use words only (letters, numbers, spaces, hyphens, apostrophes and &); up to {MAX_FORMS} names."
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why these names belong together (optional).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search synonym group"
        ordering = ["pk"]

    def __str__(self) -> str:
        return " / ".join(self.form_list())[:120]

    def form_list(self) -> list[str]:
        return [line.strip() for line in self.forms.splitlines() if line.strip()]

    def clean(self) -> None:
        forms = self.form_list()
        if len(forms) < 2:
            raise ValidationError({"forms": "Give at least two names, one on each line."})
        if len(forms) > MAX_FORMS:
            raise ValidationError({"forms": f"Give at most {MAX_FORMS} names; split the idea into two groups."})
        for form in forms:
            if len(form) > MAX_FORM_LENGTH:
                raise ValidationError({"forms": f"“{form[:40]}…” is longer than {MAX_FORM_LENGTH} characters."})
            if not _PLAIN.match(form):
                raise ValidationError(
                    {
                        "forms": f"“{form[:40]}” has signs search cannot use: write words only (letters, numbers, "
                        "spaces, hyphens, apostrophes and &)."
                    }
                )
