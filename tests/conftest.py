"""Shared fixtures: the partnership, one person for every role, and signed-in clients.

Built with the same factories as the demo partnership (safeguarding/demo/factories.py).
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from safeguarding.accounts.models import AuthenticatorApp, PartnershipGroup, User
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.roles import TWO_FACTOR_ROLES, Role
from safeguarding.demo import factories

if TYPE_CHECKING:
    from tests.assist.records import AssistRecords
    from tests.governance.records import GovernanceRecords
    from tests.insight.records import InsightRecords
    from tests.returns.records import ReturnsRecords

PASSWORD = "correct-horse-battery-staple"
SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"
AUTHENTICATOR_KEY = "3132333435363738393031323334353637383930"

ROLES = [role.value for role in Role]


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test where the clone has none (a user's clone)."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is only beside the project in development and CI")
    return path


def current_code(device: AuthenticatorApp) -> str:
    """The code an authenticator app would show now for this device."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture(scope="session", autouse=True)
def plain_http() -> None:
    """The test client and the live server speak plain HTTP; production redirects it to
    HTTPS (tests/core/test_deployment.py checks that). Set for the whole session, before
    the live server (session-wide) builds its middleware."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a folder of the test's own, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def partnership(db: None) -> Partnership:
    return factories.partnership(name="Testford Safeguarding Children Partnership", area="Testford")


@pytest.fixture
def agencies(partnership: Partnership) -> dict[str, Agency]:
    return {
        "council": factories.agency("Testford Council", Agency.Kind.CHILDRENS_SERVICES),
        "police": factories.agency("Testshire Police", Agency.Kind.POLICE),
        "school": factories.agency("Testford Academy", Agency.Kind.SCHOOL),
    }


@pytest.fixture
def group(agencies: dict[str, Agency]) -> PartnershipGroup:
    return factories.group("Performance Subgroup")


@pytest.fixture
def people(agencies: dict[str, Agency], group: PartnershipGroup) -> dict[str, User]:
    """One person for every role. The chair chairs `group`, the member sits on it, and
    the practitioner is the outsider: on no group at all.

    They have no password (hashing one with Argon2 for every test is slow); tests that
    sign in with a password give one with `with_password`."""
    made = {
        role: factories.person(
            f"{role.replace('_', '.')}@testford.example",
            role,
            agency=agencies["police" if role == Role.INTELLIGENCE_OFFICER else "council"],
            full_name=role.replace("_", " ").title(),
        )
        for role in ROLES
    }
    factories.membership(made[Role.GROUP_CHAIR], group, chair=True)
    factories.membership(made[Role.GROUP_MEMBER], group)
    for role in TWO_FACTOR_ROLES:
        factories.authenticator(made[role], key=AUTHENTICATOR_KEY)
    return made


@pytest.fixture
def governance_records(
    group: PartnershipGroup, agencies: dict[str, Agency], people: dict[str, User]
) -> "GovernanceRecords":
    """One of each governance record, linked to `group` (see tests/governance/records.py)."""
    from tests.governance.records import build_governance_records

    return build_governance_records(group=group, agencies=agencies, people=people)


@pytest.fixture
def assist_records(people: dict[str, User]) -> "AssistRecords":
    """A document read and waiting for review (see tests/assist/records.py)."""
    from tests.assist.records import build_assist_records

    return build_assist_records(people=people)


@pytest.fixture
def returns_records(
    agencies: dict[str, Agency], people: dict[str, User], settings: Any, tmp_path: Path
) -> "ReturnsRecords":
    """A return the council owes, accepted once and rejected once (tests/returns/records.py)."""
    from tests.returns.records import build_returns_records

    settings.RECORDS_ROOT = tmp_path / "records"
    return build_returns_records(agencies=agencies, people=people)


@pytest.fixture
def insight_records(
    agencies: dict[str, Agency], people: dict[str, User], settings: Any, tmp_path: Path
) -> "InsightRecords":
    """Accepted returns, a population table and a priority with figures worked out by hand
    (see tests/insight/records.py)."""
    from tests.insight.records import build_insight_records

    settings.RECORDS_ROOT = tmp_path / "records"
    return build_insight_records(agencies=agencies, people=people)


@pytest.fixture
def owner(people: dict[str, User]) -> User:
    return people[Role.GROUP_CHAIR]


@pytest.fixture
def member(people: dict[str, User]) -> User:
    return people[Role.GROUP_MEMBER]


@pytest.fixture
def outsider(people: dict[str, User]) -> User:
    return people[Role.PRACTITIONER]


def with_password(user: User, password: str = PASSWORD) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def sign_in_with_password(
    client: Client, email: str, password: str = PASSWORD, **extra: str
) -> Any:
    """Fill in and send the sign-in form, as a person in a browser would."""
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password, **extra})


def sign_in(client: Client, user: User) -> Client:
    """Sign in as `user`, with the second factor given where they have a device."""
    client.force_login(user, backend="safeguarding.accounts.backends.EmailBackend")
    device = AuthenticatorApp.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_as(people: dict[str, User]) -> Callable[[str], Client]:
    """A client signed in as the person with `role` (or not signed in, for 'anonymous')."""

    def make(role: str) -> Client:
        client = Client()
        if role == "anonymous":
            return client
        return sign_in(client, people[role])

    return make
