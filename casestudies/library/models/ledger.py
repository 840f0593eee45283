"""The published library's counts, kept as a ledger that PostgreSQL writes as the library changes.

Counting every published case study's terms afresh after each change costs a fifth of a second at
100,000 case studies and seconds at a million. Instead, triggers (migration 0020) add a line of +1
or -1 for each count a change moves, in the same transaction as the change: publishing, retracting
or deleting a case study, changing its region or evidence, adding or removing a term, a measure's
benefit. A line is only ever added, so writers never wait on one another; the counts are the sums
(`casestudies.library.ledger`), and `ledger.compact` folds the lines into one per count now and then.
"""

from django.db import models


class LibraryCount(models.Model):
    """One line of the ledger: `n` more (or fewer) published case studies counted under a facet's
    term (its id as text, or a value such as a benefit), or under the total ("total", "")."""

    facet = models.CharField(max_length=20)
    term = models.CharField(max_length=40, blank=True)
    n = models.IntegerField()

    class Meta:
        verbose_name = "library count"

    def __str__(self) -> str:
        return f"{self.facet} {self.term}: {self.n:+d}"
