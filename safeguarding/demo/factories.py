"""Builders for partnerships, agencies, people and groups: used by the demo and by tests.

Each builder returns an existing record with the same natural key instead of making a
second one, which is what lets the demo load run again without duplicating anything.
"""

from typing import Any

from django.utils.text import slugify

from safeguarding.accounts.models import AuthenticatorApp, GroupMembership, PartnershipGroup, User
from safeguarding.core.models import Agency, Locality, Partnership
from safeguarding.core.roles import Role


def partnership(**fields: Any) -> Partnership:
    existing = Partnership.objects.first()
    if existing is not None:
        return existing
    defaults = {
        "name": "Test Safeguarding Children Partnership",
        "short_name": "TSCP",
        "area": "Test City",
    }
    return Partnership.objects.create(**{**defaults, **fields})


def agency(name: str, kind: str = Agency.Kind.OTHER, **fields: Any) -> Agency:
    fields.setdefault("slug", slugify(name)[:80])
    fields.setdefault("is_safeguarding_partner", kind in Agency.SAFEGUARDING_PARTNER_KINDS)
    found, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind, **fields})
    return found


def locality(name: str, code: str) -> Locality:
    found, _ = Locality.objects.get_or_create(code=code, defaults={"name": name})
    return found


def group(name: str, kind: str = PartnershipGroup.Kind.SUBGROUP, **fields: Any) -> PartnershipGroup:
    fields.setdefault("slug", slugify(name)[:80])
    found, _ = PartnershipGroup.objects.get_or_create(name=name, defaults={"kind": kind, **fields})
    return found


def person(
    email: str,
    role: str = Role.PRACTITIONER,
    *,
    password: str | None = None,
    agency: Agency | None = None,
    full_name: str = "",
    **fields: Any,
) -> User:
    existing = User.objects.filter(email=email.lower()).first()
    if existing is not None:
        return existing
    return User.objects.create_user(
        email,
        password,
        role=role,
        agency=agency,
        full_name=full_name or email.split("@")[0].replace(".", " ").title(),
        **fields,
    )


def membership(member: User, of: PartnershipGroup, *, chair: bool = False) -> GroupMembership:
    found, _ = GroupMembership.objects.get_or_create(
        group=of, user=member, defaults={"is_chair": chair}
    )
    return found


def authenticator(member: User, *, key: str) -> AuthenticatorApp:
    """A confirmed authenticator app with a known key (hex), so codes can be computed."""
    found, _ = AuthenticatorApp.objects.get_or_create(
        user=member, name="Authenticator app", defaults={"key": key, "confirmed": True}
    )
    return found
