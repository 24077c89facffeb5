"""Property-based: schemathesis generates requests from /api/schema/ and sends them in-process
(WSGI, no network). Whatever the path and query parameters, no 5xx, and every answer matches
the schema it claims to follow.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from lists import workflow
from tests.conftest import published_version

# A quick run in the suite; API_PROPERTY_EXAMPLES=200 for a deeper one.
EXAMPLES_PER_OPERATION = int(os.environ.get("API_PROPERTY_EXAMPLES", "15"))


@pytest.fixture
def published(agency, other_agency, clerk, other_clerk, reviewer, other_reviewer):
    version = published_version(agency, clerk, reviewer)
    workflow.start_revision(version.list, acting_user=clerk)
    abolished = published_version(other_agency, other_clerk, other_reviewer, "no-coercion")
    workflow.abolish(abolished.list, acting_user=other_clerk)
    return version


def real_path_parameters(operation_path: str, version) -> dict[str, str]:
    """Path values that exist, so generated query parameters also reach real objects."""
    values = {"id": str(version.pk), "key": str(version.items.first().key)}
    if operation_path.startswith("/api/v1/lists/"):
        values["id"] = str(version.list_id)
    values["code"] = "no-penalty" if "list-types" in operation_path else "scjg"
    return values


@pytest.fixture
def wsgi_app():
    """The real WSGI handler, minus what Django's test client also switches off: closing the
    database connection around each request (it would end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def schema(published, settings, wsgi_app):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min"},
    }
    cache.clear()
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def check_operation(operation, real: dict[str, str]) -> None:
    @given(case=operation.as_strategy(), use_real_path=st.booleans())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case, use_real_path):
        if use_real_path and case.path_parameters:
            case.path_parameters = {name: real[name] for name in case.path_parameters}
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    run()


def test_generated_requests_never_cause_a_server_error(schema, published):
    checked = []
    for operation in operations(schema):
        check_operation(operation, real_path_parameters(operation.path, published))
        checked.append(operation.path)
    assert "/api/v1/items/" in checked and "/api/v1/versions/{id}/items.xlsx" in checked
