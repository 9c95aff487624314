"""The permission rules (safeguarding/accounts/permissions.py and the apps that use them)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role

EVERY_PERMISSION = sorted(rules.permissions.permissions.keys())
OWN_ACCOUNT = "accounts.change_own_account"


def is_view(name: str) -> bool:
    return name.split(".", 1)[1].startswith("view_")


def writes(name: str) -> bool:
    """Every permission that is not to view something changes something."""
    return not is_view(name) and name != OWN_ACCOUNT


# Only the people who speak for an agency (or group) may answer for it or send its data
# returns; the business unit runs the platform but does not speak for agencies.
ANSWERED_ONLY_BY_THOSE_ASKED = {"governance.answer_request", "returns.send_return"}


def test_the_registry_has_the_rules_this_file_relies_on() -> None:
    assert "accounts.view_people" in EVERY_PERMISSION
    assert "accounts.manage_people" in EVERY_PERMISSION
    assert set(EVERY_PERMISSION) >= ANSWERED_ONLY_BY_THOSE_ASKED
    assert OWN_ACCOUNT in EVERY_PERMISSION
    assert any(writes(name) for name in EVERY_PERMISSION)


def test_the_scrutineer_reads_everything_the_business_unit_reads(
    people: dict[str, User],
) -> None:
    business_unit, scrutineer = people[Role.BUSINESS_UNIT], people[Role.SCRUTINEER]
    views = [name for name in EVERY_PERMISSION if is_view(name)]
    assert views

    for name in views:
        if business_unit.has_perm(name):
            assert scrutineer.has_perm(name), name


def test_the_scrutineer_changes_nothing(people: dict[str, User]) -> None:
    scrutineer = people[Role.SCRUTINEER]

    refused = [name for name in EVERY_PERMISSION if writes(name)]
    assert refused
    for name in refused:
        assert not scrutineer.has_perm(name), name
    assert scrutineer.has_perm(OWN_ACCOUNT)


def test_the_business_unit_may_make_every_change(people: dict[str, User]) -> None:
    business_unit = people[Role.BUSINESS_UNIT]

    for name in EVERY_PERMISSION:
        if name in ANSWERED_ONLY_BY_THOSE_ASKED:
            assert not business_unit.has_perm(name), name
        else:
            assert business_unit.has_perm(name), name


@pytest.mark.parametrize("role", [r for r in Role if r != Role.BUSINESS_UNIT])
def test_only_the_business_unit_may_manage(role: str, people: dict[str, User]) -> None:
    person = people[role]

    for name in EVERY_PERMISSION:
        if "manage_" in name:
            assert not person.has_perm(name), (role, name)


@pytest.mark.parametrize("role", list(Role))
def test_inactive_people_have_no_permission(role: str, people: dict[str, User]) -> None:
    person = people[role]
    assert person.has_perm("core.view_staff_pages")
    person.is_active = False
    person.save(update_fields=["is_active"])
    person = User.objects.get(pk=person.pk)

    for name in EVERY_PERMISSION:
        assert not person.has_perm(name), (role, name)


def test_an_inactive_person_cannot_even_view_their_own_record(people: dict[str, User]) -> None:
    person = people[Role.PRACTITIONER]
    assert person.has_perm("accounts.view_person", person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    person = User.objects.get(pk=person.pk)

    assert not person.has_perm("accounts.view_person", person)


def test_an_inactive_superuser_has_no_permission(db: None) -> None:
    boss = User.objects.create_superuser("boss@testford.example", None, full_name="Boss")
    assert boss.has_perm("accounts.manage_people")
    boss.is_active = False

    assert not boss.has_perm("accounts.manage_people")


def test_someone_not_signed_in_has_no_permission(db: None) -> None:
    anonymous = AnonymousUser()

    for name in EVERY_PERMISSION:
        assert not rules.has_perm(name, anonymous), name


def test_people_may_view_their_own_record_but_not_others(people: dict[str, User]) -> None:
    practitioner, analyst = people[Role.PRACTITIONER], people[Role.ANALYST]

    assert practitioner.has_perm("accounts.view_person", practitioner)
    assert not practitioner.has_perm("accounts.view_person", analyst)
    assert not practitioner.has_perm("accounts.view_people")
