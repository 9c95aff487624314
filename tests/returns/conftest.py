"""Fixtures the returns tests share."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation
from safeguarding.returns.services import api_token_issue


@pytest.fixture
def police(settings: Any, tmp_path: Path) -> tuple[str, ReturnObligation]:
    """An API key of the demo police's agency lead, and a return the police owe."""
    settings.RECORDS_ROOT = tmp_path / "records"
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    lead = User.objects.get(email="agency.lead@northgate.example")
    # Demo accounts' keys work only in the demo; this one stands for a real agency lead.
    lead.is_demo = False
    lead.save(update_fields=["is_demo"])
    key, _ = api_token_issue(
        actor=User.objects.get(role=Role.BUSINESS_UNIT), person=lead, name="Police records"
    )
    obligation = ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )
    return key, obligation


# The demo's police return, owed for July to September 2026, and its agency lead: what
# the submission and resubmission tests send.
@pytest.fixture
def records(settings: object, tmp_path: Path) -> Path:
    """Files of record go to the test's own folder."""
    settings.RECORDS_ROOT = tmp_path / "records"  # type: ignore[attr-defined]
    return tmp_path / "records"


@pytest.fixture
def police_return(records: Path) -> ReturnObligation:
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    return ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )


@pytest.fixture
def lead() -> User:
    return User.objects.get(email="agency.lead@northgate.example")
