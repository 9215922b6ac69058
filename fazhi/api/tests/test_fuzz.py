"""schemathesis against the committed OpenAPI documents, in process: no input gives a 5xx.

Bounded and deterministic (25 examples per operation, derandomised) so it runs in the
ordinary suite. The database holds an agency, staff and cases in several states, so
paths with ids (1, 2, 3 … are generated) reach real rows.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error

from fazhi.api import openapi
from fazhi.api.tests.conftest import token_for

CONFIG = {
    "seed": 20250120,
    "generation": {"max-examples": 25, "deterministic": True, "database": "none",
                   "mode": "all"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "suppress-health-check": ["all"],
}


def _load(name: str) -> schemathesis.BaseSchema:
    document = json.loads(openapi.path_of(name).read_text(encoding="utf-8"))
    schema = schemathesis.openapi.from_dict(document,
                                            config=schemathesis.Config.from_dict(CONFIG))
    schema.app = get_wsgi_application()
    return schema


private_schema = _load("private")
public_schema = _load("public")


@pytest.fixture
def world(db, cases, handler, settings):
    """Cases for the paths to hit; throttles opened wide so the fuzzer reaches the views."""
    settings.FAZHI_THROTTLE_SUBMIT = settings.FAZHI_THROTTLE_TRACK = "100000/s"
    # As Django's test client does: the WSGI handler would otherwise close the test's
    # database connection (and its transaction) around each request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {token_for(handler)}"}
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@private_schema.parametrize()
def test_private_api_never_fails_with_a_server_error(case, world):
    response = case.call(headers=world)
    case.validate_response(response, checks=[not_a_server_error])


@public_schema.parametrize()
def test_public_api_never_fails_with_a_server_error(case, world):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
