"""Hypothesis strategies for hostile input: odd unicode, huge values, wrong types, missing fields."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Each example is a real request against the real database: keep the count modest, and keep
# the examples' database out of the repository.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\ud7ff\ue000\uffff",
            "🙂" * 50,
            "x" * 10_000,
            "-1",
            "0",
            "9" * 40,
            "1e309",
            "NaN",
            "null",
            "[]",
            "{}",
            "true",
            "../../etc/passwd",
            "%00",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "2026-02-30",
            "Europe/Atlantis",
            "\u202e\u200b",
        ]
    ),
)


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, str | list[str]]]:
    """Any subset of the form's fields (so some are missing), each with hostile values, plus
    fields the form does not expect."""
    value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, value))
    unknown = st.dictionaries(st.text(min_size=1, max_size=10), hostile_text, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


def query_string(names: list[str]) -> st.SearchStrategy[dict[str, str | list[str]]]:
    return form_data(names)
