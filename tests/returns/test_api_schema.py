"""Schemathesis sends the API what its OpenAPI document says it takes (and what it
should refuse), as an agency's system would, and checks every answer against that same
document: no server error, no undocumented status, no body outside its schema."""

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as examples
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from safeguarding.returns.api import api
from safeguarding.returns.models import ReturnObligation


class Platform:
    """The platform as a WSGI app, its middleware built at the first call, so with the
    test session's settings (plain HTTP) rather than those of import time.

    A real server closes the database connection as each request starts and ends; here
    the test's transaction holds it, so, as Django's own test client does, the closing is
    left out. Otherwise PostgreSQL answers every later query "the connection is closed".
    """

    handler: WSGIHandler | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.handler is None:
            self.handler = WSGIHandler()
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = self.handler(environ, start_response)
            try:
                return [b"".join(body)]
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = Platform()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def key(police: tuple[str, ReturnObligation], settings: Any) -> str:
    """The police's key; Schemathesis calls the app as http://localhost."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    return police[0]


@pytest.mark.django_db
@schema.parametrize()
@examples(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_it_documents(case: Any, key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
