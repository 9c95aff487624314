"""The Northgate demonstration partnership and the commands that load it and show its codes."""

import re
from base64 import b32encode
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from safeguarding.accounts.audit_verbs import SIGNED_IN
from safeguarding.accounts.models import AuthenticatorApp, GroupMembership, PartnershipGroup, User
from safeguarding.core.models import Agency, AuditEntry, Locality, Partnership
from safeguarding.core.roles import TWO_FACTOR_ROLES, Role
from safeguarding.demo.partnership import DEMO_PASSWORD
from tests.conftest import shared_path, sign_in_with_password
from tests.pages import error_summary

SEED_REPORT = ("seeds", "004_7c16db78dd9f212c.txt")
GROUPS_THE_REPORT_NAMES = [
    "Performance Management Subgroup",
    "Early Help Board",
    "Education Reference Group",
    "Children and Young People Partnership",
    "Risk and Vulnerability",
    "MACE",
]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "partnerships": Partnership.objects.count(),
        "agencies": Agency.objects.count(),
        "localities": Locality.objects.count(),
        "groups": PartnershipGroup.objects.count(),
        "people": User.objects.count(),
        "memberships": GroupMembership.objects.count(),
        "devices": AuthenticatorApp.objects.count(),
    }


@pytest.fixture
def demo(db: None) -> str:
    with override_settings(DEMO_MODE=True):
        return load_demo()


def test_load_demo_creates_the_northgate_partnership(demo: str) -> None:
    made = counts()
    made.pop("memberships")
    assert made == {
        "partnerships": 1,
        "agencies": 14,
        "localities": 7,
        "groups": 8,
        "people": len(Role),
        "devices": len(TWO_FACTOR_ROLES),
    }
    partnership = Partnership.objects.get()
    assert partnership.name == "Northgate Safeguarding Children Partnership"
    assert partnership.area == "Northgate"
    assert Agency.objects.filter(is_safeguarding_partner=True).count() >= 3
    assert "Demo partnership loaded: Northgate" in demo


def test_there_is_one_demo_person_for_every_role(demo: str) -> None:
    for role in Role:
        person = User.objects.get(role=role)
        assert person.is_demo, role
        assert person.is_active, role
        assert person.email.endswith("@northgate.example"), role
        assert person.password.startswith("argon2"), role
        assert person.check_password(DEMO_PASSWORD), role


def test_demo_people_are_on_their_groups(demo: str) -> None:
    chair = User.objects.get(role=Role.GROUP_CHAIR)
    performance = PartnershipGroup.objects.get(name="Performance Management Subgroup")
    assert GroupMembership.objects.get(group=performance, user=chair).is_chair
    assert list(performance.memberships.filter(is_chair=True).values_list("user", flat=True)) == [
        chair.pk
    ]
    member = User.objects.get(role=Role.GROUP_MEMBER)
    assert member.memberships.filter(group=performance, is_chair=False).exists()
    officer = User.objects.get(role=Role.INTELLIGENCE_OFFICER)
    assert officer.memberships.filter(group__name__contains="MACE").exists()
    assert GroupMembership.objects.count() >= 6


def test_the_groups_report_to_the_executive(demo: str) -> None:
    executive = PartnershipGroup.objects.get(name="Partnership Executive")
    performance = PartnershipGroup.objects.get(name="Performance Management Subgroup")
    mace = PartnershipGroup.objects.get(name__contains="MACE")
    assert executive.reports_to is None
    assert performance.reports_to == executive
    assert mace.reports_to is not None
    assert mace.reports_to.name == "Risk and Vulnerability Subgroup"


def test_only_the_two_factor_roles_get_an_authenticator(demo: str) -> None:
    with_devices = set(
        AuthenticatorApp.objects.filter(confirmed=True).values_list("user__role", flat=True)
    )
    assert with_devices == set(TWO_FACTOR_ROLES)


def test_running_it_twice_creates_no_duplicates(demo: str) -> None:
    before = counts()

    with override_settings(DEMO_MODE=True):
        load_demo()

    assert counts() == before


def test_running_it_again_keeps_what_was_changed(demo: str) -> None:
    Partnership.objects.update(name="Renamed Partnership")
    User.objects.filter(role=Role.ANALYST).update(full_name="Sam Renamed")
    performance = PartnershipGroup.objects.get(name="Performance Management Subgroup")
    performance.purpose = "Changed by the business unit"
    performance.save(update_fields=["purpose"])

    with override_settings(DEMO_MODE=True):
        load_demo()

    assert Partnership.objects.get().name == "Renamed Partnership"
    assert User.objects.get(role=Role.ANALYST).full_name == "Sam Renamed"
    performance.refresh_from_db()
    assert performance.purpose == "Changed by the business unit"
    assert Partnership.objects.count() == 1


def test_running_it_again_puts_back_what_was_removed(demo: str) -> None:
    User.objects.filter(role=Role.PRACTITIONER).delete()
    before = counts()

    with override_settings(DEMO_MODE=True):
        load_demo()

    assert User.objects.filter(role=Role.PRACTITIONER, is_demo=True).count() == 1
    assert counts()["people"] == before["people"] + 1


def test_the_output_lists_every_demo_email_and_the_password(demo: str) -> None:
    for email in User.objects.filter(is_demo=True).values_list("email", flat=True):
        assert email in demo
    assert f"password is: {DEMO_PASSWORD}" in demo
    assert "DEMO_MODE is off" not in demo
    for device in AuthenticatorApp.objects.select_related("user"):
        assert b32encode(device.bin_key).decode() in demo


def test_with_demo_mode_off_the_output_warns(db: None) -> None:
    assert settings.DEMO_MODE is False

    output = load_demo()

    assert "DEMO_MODE is off, so the demo accounts below cannot sign in." in output
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.AGENCY_LEAD, Role.GROUP_CHAIR])
def test_demo_people_sign_in_with_the_printed_password_only_when_demo_mode_is_on(
    demo: str, role: str
) -> None:
    password = re.search(r"password is: (\S+)", demo)
    assert password is not None
    person = User.objects.get(role=role)

    refused = sign_in_with_password(Client(), person.email, password.group(1))
    assert refused.status_code == 200
    error_summary(refused)

    client = Client()
    with override_settings(DEMO_MODE=True):
        allowed = sign_in_with_password(client, person.email, password.group(1))
        assert allowed.status_code == 302
        assert allowed["Location"] == reverse("core:staff-home")
        assert client.get(reverse("core:staff-home")).status_code == 200
    assert AuditEntry.objects.filter(action=SIGNED_IN, actor=person).count() == 1


def test_demo_codes_refuses_when_demo_mode_is_off(demo: str) -> None:
    out = StringIO()
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo_codes", stdout=out)
    assert out.getvalue() == ""


def test_demo_codes_prints_a_code_per_device(demo: str) -> None:
    out = StringIO()
    with override_settings(DEMO_MODE=True):
        call_command("demo_codes", stdout=out)

    lines = out.getvalue().strip().splitlines()
    devices = AuthenticatorApp.objects.filter(user__is_demo=True, confirmed=True).select_related(
        "user"
    )
    assert len(lines) == devices.count() == len(TWO_FACTOR_ROLES)
    for device in devices:
        matching = [line for line in lines if line.startswith(f"{device.user.email}: ")]
        assert len(matching) == 1
        code = matching[0].split(": ", 1)[1]
        assert re.fullmatch(r"\d{6}", code)
        assert device.verify_token(code)


def test_a_printed_code_completes_a_demo_two_factor_sign_in(demo: str) -> None:
    out = StringIO()
    person = User.objects.get(role=Role.INTELLIGENCE_OFFICER)
    client = Client()
    with override_settings(DEMO_MODE=True):
        assert sign_in_with_password(client, person.email, DEMO_PASSWORD).status_code == 302
        call_command("demo_codes", stdout=out)
        code = re.search(rf"{re.escape(person.email)}: (\d{{6}})", out.getvalue())
        assert code is not None
        response = client.post(reverse("accounts:two-factor-verify"), {"code": code.group(1)})

        assert response.status_code == 302
        assert client.get(reverse("core:staff-home")).status_code == 200


def test_demo_codes_without_demo_data_says_to_load_it(db: None) -> None:
    with override_settings(DEMO_MODE=True), pytest.raises(CommandError, match="load_demo"):
        call_command("demo_codes", stdout=StringIO())


def test_the_groups_the_annual_report_names_are_in_the_demo(demo: str) -> None:
    report = shared_path(*SEED_REPORT).read_text(encoding="utf-8")
    names = list(PartnershipGroup.objects.values_list("name", flat=True))

    for wanted in GROUPS_THE_REPORT_NAMES:
        assert wanted in report, wanted
        assert any(wanted in name for name in names), wanted


@pytest.mark.django_db
def test_the_demo_has_a_plan_read_and_waiting_for_review(client: Client) -> None:
    from safeguarding.assist import queries
    from safeguarding.assist.importing.stored import proposal_from_json
    from safeguarding.assist.models import DocumentImport
    from safeguarding.demo.assist import DEMO_DOCUMENT_NAME

    load_demo()
    load_demo()  # again: still one
    document = DocumentImport.objects.get(original_name=DEMO_DOCUMENT_NAME)
    assert document.status == DocumentImport.Status.PROPOSED
    proposal = proposal_from_json(document.proposal)
    assert [p.title for p in proposal.priorities] == [
        "Children who live with domestic abuse",
        "Neglect",
        "Children missing from education",
    ]
    # The first is already held in the demo's year, so the review screen marks it.
    assert list(
        queries.document_import_repeats(proposal=proposal_from_json(document.proposal))
    ) == [("priorities", 0)]
    assert proposal.year_label == "2026-27"
