"""Schemathesis sends the API what its OpenAPI document says it takes (and what it
should refuse), as an agency's system would, and checks every answer against that same
document: no server error, no undocumented status, no body outside its schema."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck
from hypothesis import settings as examples
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from safeguarding.accounts.models import Role, User
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.api import api
from safeguarding.returns.services import api_token_issue


class Platform:
    """The platform as a WSGI app, its middleware built at the first call, so with the
    test session's settings (plain HTTP) rather than those of import time."""

    handler: WSGIHandler | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.handler is None:
            self.handler = WSGIHandler()
        return self.handler(environ, start_response)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = Platform()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def key(settings: Any, tmp_path: Path) -> str:
    """A key of the police's agency lead, with the demo's returns owed."""
    settings.RECORDS_ROOT = tmp_path / "records"
    # Schemathesis calls the app as http://localhost.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    lead = User.objects.get(email="agency.lead@northgate.example")
    lead.is_demo = False
    lead.save(update_fields=["is_demo"])
    issued, _ = api_token_issue(
        actor=User.objects.get(role=Role.BUSINESS_UNIT), person=lead, name="Schemathesis"
    )
    return issued


@pytest.mark.django_db
@schema.parametrize()
@examples(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_it_documents(case: Any, key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
