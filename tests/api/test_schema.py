"""Schemathesis fuzzes every operation of the OpenAPI document against the live test server: no
answer may be a server error, and every answer must match the document (status code, content type
and body). The run is bounded so that it stays well under a minute."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(live_server, transactional_db, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 100_000
    topic = TopicFactory(slug="patient-flow")
    published = CaseStudyFactory(slug="published", topics=[topic])
    CollectionFactory(slug="collection", case_studies=[published])
    EventFactory(slug="event", group=GroupFactory(slug="group"))
    return schemathesis.openapi.from_url(live_server.url + "/api/v1/openapi.json")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_says(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    exercised = 0
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers_as_documented(case):
            case.call_and_validate(checks=CHECKS)

        try:
            answers_as_documented()
        except Unsatisfiable:
            # Parameters that take any text (a slug, a search) leave no invalid value to send.
            assert mode == GenerationMode.NEGATIVE
            continue
        exercised += 1
    # Negative runs reach every operation that takes a page number.
    assert exercised == len(operations) if mode == GenerationMode.POSITIVE else exercised >= 4
