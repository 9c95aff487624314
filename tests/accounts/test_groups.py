"""Partnership groups: who is on them, who chairs them, and changing membership."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import GroupMembership, PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, RECORD_DELETED
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from tests.pages import error_summary, one, page, text


def add_url(group: PartnershipGroup) -> str:
    return reverse("accounts:group-member-add", args=[group.slug])


def detail_url(group: PartnershipGroup) -> str:
    return reverse("accounts:group-detail", args=[group.slug])


def test_the_group_list_shows_each_groups_chair(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    unchaired = factories.group("Education Reference Group", PartnershipGroup.Kind.REFERENCE_GROUP)

    response = client_as(Role.PRACTITIONER).get(reverse("accounts:group-list"))

    assert response.status_code == 200
    document = page(response)
    row = text(one(document, f'tr:has(a[href="{detail_url(group)}"])'))
    assert "Group Chair" in row
    assert "Group Member" not in row
    other_row = text(one(document, f'tr:has(a[href="{detail_url(unchaired)}"])'))
    assert "Group Chair" not in other_row
    counts = {g.pk: g.member_count for g in response.context["groups"]}
    assert counts == {group.pk: 2, unchaired.pk: 0}


def test_the_group_page_shows_its_members(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    response = client_as(Role.GROUP_MEMBER).get(detail_url(group))

    assert response.status_code == 200
    shown = text(response)
    assert "Group Chair" in shown
    assert "Group Member" in shown
    assert "Analyst" not in shown
    members = [(m.user.pk, m.is_chair) for m in response.context["memberships"]]
    assert members == [(people[Role.GROUP_CHAIR].pk, True), (people[Role.GROUP_MEMBER].pk, False)]
    # Only the business unit gets the forms that change membership.
    assert page(response).select(f'[action*="{add_url(group)}"], [href*="{add_url(group)}"]') == []


def test_the_business_unit_sees_the_add_member_form(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).get(detail_url(group))

    one(response, f'form[method="post"][action="{add_url(group)}"]')


def test_the_business_unit_adds_a_chair(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    analyst = people[Role.ANALYST]
    client = client_as(Role.BUSINESS_UNIT)

    response = client.post(add_url(group), {"person": analyst.pk, "is_chair": "on"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(group)
    membership = GroupMembership.objects.get(group=group, user=analyst)
    assert membership.is_chair is True
    entry = AuditEntry.objects.get(action=RECORD_CREATED)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.target_type == "accounts.partnershipgroup"
    assert entry.target_id == str(group.pk)
    assert entry.changes == {"member": [None, analyst.email], "chair": [None, True]}
    assert "Analyst is now on Performance Subgroup" in text(client.get(response["Location"]))


def test_adding_without_chair_makes_an_ordinary_member(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    analyst = people[Role.ANALYST]

    client_as(Role.BUSINESS_UNIT).post(add_url(group), {"person": analyst.pk})

    assert GroupMembership.objects.get(group=group, user=analyst).is_chair is False


def test_adding_someone_already_on_the_group_changes_their_chair_status(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    member = people[Role.GROUP_MEMBER]

    client_as(Role.BUSINESS_UNIT).post(add_url(group), {"person": member.pk, "is_chair": "on"})

    assert GroupMembership.objects.filter(group=group, user=member).count() == 1
    assert GroupMembership.objects.get(group=group, user=member).is_chair is True
    entry = AuditEntry.objects.get(action=RECORD_CHANGED)
    assert entry.changes["chair"] == [False, True]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the person to add"),
        ({"person": ""}, "Select the person to add"),
        ({"person": "999999"}, "Select a person who can sign in to the platform"),
        (
            {"person": "not-a-number", "is_chair": "on"},
            "Select a person who can sign in to the platform",
        ),
    ],
)
def test_bad_input_when_adding_a_member_changes_nothing(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    people: dict[str, User],
    data: dict[str, str],
    message: str,
) -> None:
    memberships_before = GroupMembership.objects.count()

    response = client_as(Role.BUSINESS_UNIT).post(add_url(group), data)

    assert response.status_code == 400
    assert error_summary(response) == {message: "id_person"}
    assert group.name in text(response)
    assert GroupMembership.objects.count() == memberships_before
    assert not AuditEntry.objects.filter(target_type="accounts.partnershipgroup").exists()


def test_someone_who_cannot_sign_in_cannot_be_added(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    analyst = people[Role.ANALYST]
    analyst.is_active = False
    analyst.save(update_fields=["is_active"])

    response = client_as(Role.BUSINESS_UNIT).post(add_url(group), {"person": analyst.pk})

    assert response.status_code == 400
    assert "Select a person who can sign in to the platform" in error_summary(response)
    assert not GroupMembership.objects.filter(user=analyst).exists()


def test_adding_to_a_group_that_does_not_exist_is_not_found(
    client_as: Callable[[str], Client], people: dict[str, User]
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("accounts:group-member-add", args=["no-such-group"]),
        {"person": people[Role.ANALYST].pk},
    )

    assert response.status_code == 404
    assert not GroupMembership.objects.filter(user=people[Role.ANALYST]).exists()


def test_the_business_unit_removes_a_member(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    member = people[Role.GROUP_MEMBER]
    membership = GroupMembership.objects.get(group=group, user=member)

    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("accounts:group-member-remove", args=[group.slug, membership.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(group)
    assert not GroupMembership.objects.filter(group=group, user=member).exists()
    assert GroupMembership.objects.filter(group=group, user=people[Role.GROUP_CHAIR]).exists()
    entry = AuditEntry.objects.get(action=RECORD_DELETED)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.target_id == str(group.pk)
    assert entry.changes == {"member": [member.email, None]}


def test_removing_a_membership_of_another_group_through_this_one_is_not_found(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    other = factories.group("Early Help Board", PartnershipGroup.Kind.BOARD)
    membership = GroupMembership.objects.get(group=group, user=people[Role.GROUP_MEMBER])

    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("accounts:group-member-remove", args=[other.slug, membership.pk])
    )

    assert response.status_code == 404
    assert GroupMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("role", [Role.GROUP_MEMBER, Role.GROUP_CHAIR, Role.SCRUTINEER])
def test_people_other_than_the_business_unit_cannot_add_members(
    role: str,
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    people: dict[str, User],
) -> None:
    response = client_as(role).post(
        add_url(group), {"person": people[Role.ANALYST].pk, "is_chair": "on"}
    )

    assert response.status_code == 403
    assert not GroupMembership.objects.filter(user=people[Role.ANALYST]).exists()
    assert not AuditEntry.objects.filter(target_type="accounts.partnershipgroup").exists()


def test_a_group_member_cannot_remove_members(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    membership = GroupMembership.objects.get(group=group, user=people[Role.GROUP_CHAIR])

    response = client_as(Role.GROUP_MEMBER).post(
        reverse("accounts:group-member-remove", args=[group.slug, membership.pk])
    )

    assert response.status_code == 403
    assert GroupMembership.objects.filter(pk=membership.pk).exists()


def test_membership_changes_show_in_the_group_history(
    client_as: Callable[[str], Client], group: PartnershipGroup, people: dict[str, User]
) -> None:
    client = client_as(Role.BUSINESS_UNIT)
    client.post(add_url(group), {"person": people[Role.ANALYST].pk})

    response = client.get(detail_url(group))

    history = list(response.context["history"])
    assert [entry.action for entry in history] == [RECORD_CREATED]
