"""Which kept pages an adaptation is shown on (core.page_cache): the pages of the case study
adapted and of the one it became."""

from casestudies.library.page_keys import part_of
from casestudies.spread.models import Adaptation
from core.page_cache import watch

RULES = {Adaptation: lambda row: (*part_of(row.case_study_id), *part_of(row.adapted_as_id))}


def connect() -> None:
    watch(RULES)
