"""Schemathesis fuzzes every operation of the OpenAPI document against the live test server with all
of its checks: no answer may be a server error, every answer must match the document (status code,
content type, headers and body), a request the document allows must be accepted and one it forbids
refused. The run is bounded so that it stays well under a minute."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory


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
            case.call_and_validate()  # every check schemathesis has

        try:
            answers_as_documented()
        except Unsatisfiable:
            # Parameters that take any text (a slug, a search) leave no invalid value to send.
            assert mode == GenerationMode.NEGATIVE
            continue
        exercised += 1
    # Negative runs reach every operation that takes a page number.
    assert exercised == len(operations) if mode == GenerationMode.POSITIVE else exercised >= 4


def parameter_schema(document: dict, path: str, name: str) -> dict:
    parameters = document["paths"]["/api/v1" + path]["get"]["parameters"]
    return next(parameter["schema"] for parameter in parameters if parameter["name"] == name)


@pytest.mark.django_db
def test_the_filters_list_exactly_the_slugs_they_accept_and_never_a_private_group(client):
    TopicFactory(slug="patient-flow")
    GroupFactory(slug="open-group")
    GroupFactory(slug="secret-group", private=True)
    document = client.get("/api/v1/openapi.json").json()

    topic = parameter_schema(document, "/case-studies/", "topic")
    assert topic["items"]["enum"] == ["patient-flow"]
    benefit = parameter_schema(document, "/case-studies/", "benefit")
    assert benefit["items"]["enum"] == ["organisation", "population", "staff", "system"]
    # No care settings yet: the filter accepts no value at all, since an enum may not be empty.
    assert parameter_schema(document, "/case-studies/", "setting")["maxItems"] == 0
    assert parameter_schema(document, "/events/", "group")["enum"] == ["open-group"]

    assert client.get("/api/v1/case-studies/?topic=patient-flow").status_code == 200
    assert client.get("/api/v1/events/?group=open-group").status_code == 200
    assert client.get("/api/v1/events/?group=secret-group").status_code == 400
