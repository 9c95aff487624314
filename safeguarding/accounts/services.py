"""Every write in `accounts`: people, group membership and two-factor devices."""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from safeguarding.accounts import sign_in_guard
from safeguarding.accounts.audit_verbs import HELD_BACK, LOCKED_OUT, SIGN_IN_FAILED, SIGNED_IN
from safeguarding.accounts.models import AuthenticatorApp, GroupMembership, PartnershipGroup, User
from safeguarding.core.addresses import client_address
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, RECORD_DELETED
from safeguarding.core.encryption import rotate
from safeguarding.core.models import AuditEntry
from safeguarding.core.services import log_action, save_with_audit

# Sent (with actor, person and reason) when a person's role or agency changes or they can
# no longer sign in, so that what was granted for the old ones (such as API keys) is
# withdrawn by the app that granted it.
person_access_changed = Signal()


def demo_accounts_work() -> bool:
    """Demo accounts (with their published password) work only while DEMO_MODE is on."""
    return bool(settings.DEMO_MODE)


def _group_names(user: User) -> list[str]:
    return sorted(m.group.name for m in user.memberships.select_related("group"))


@transaction.atomic
def person_create(
    *, actor: User, person: User, groups: list[PartnershipGroup], base_url: str
) -> User:
    """Add a person with no password and email them a link to choose one.

    Nobody, the business unit included, ever knows another person's password.
    """
    person.email = person.email.lower()
    person.set_unusable_password()
    save_with_audit(actor=actor, instance=person, fields=User.EDITABLE)
    _memberships_set(actor=actor, person=person, groups=groups)
    transaction.on_commit(lambda: person_send_invitation(person=person, base_url=base_url))
    return person


@transaction.atomic
def person_update(*, actor: User, person: User, groups: list[PartnershipGroup]) -> User:
    """Change a person's details and the groups they belong to, recording both.

    A change of role or agency, or turning off their sign-in, withdraws what was granted
    to them as they were (`person_access_changed`)."""
    person.email = person.email.lower()
    stored = User.objects.get(pk=person.pk)
    save_with_audit(actor=actor, instance=person, fields=User.EDITABLE)
    _memberships_set(actor=actor, person=person, groups=groups)
    reasons = []
    if stored.role != person.role:
        reasons.append(f"role changed from {stored.get_role_display()}")
    if stored.agency_id != person.agency_id:
        reasons.append(f"agency changed from {stored.agency or 'none'}")
    if stored.is_active and not person.is_active:
        reasons.append("can no longer sign in")
    if reasons:
        person_access_changed.send(
            sender=User, actor=actor, person=person, reason="; ".join(reasons)
        )
    return person


def _memberships_set(*, actor: User, person: User, groups: list[PartnershipGroup]) -> None:
    """Make `groups` the person's groups, recording the change on the person and on
    each group joined or left, so both histories tell the whole story."""
    before = _group_names(person)
    wanted = {group.pk for group in groups}
    leaving = [
        m.group for m in person.memberships.select_related("group") if m.group.pk not in wanted
    ]
    person.memberships.filter(group__in=leaving).delete()
    held = set(person.memberships.values_list("group__pk", flat=True))
    joining = [group for group in groups if group.pk not in held]
    for group in joining:
        GroupMembership.objects.create(group=group, user=person)
    for group in leaving:
        log_action(
            actor=actor,
            action=RECORD_DELETED,
            target=group,
            changes={"member": [person.email, None]},
        )
    for group in joining:
        log_action(
            actor=actor,
            action=RECORD_CREATED,
            target=group,
            changes={"member": [None, person.email], "chair": [None, False]},
        )
    after = _group_names(person)
    if before != after:
        log_action(
            actor=actor,
            action=RECORD_CHANGED,
            target=person,
            changes={"groups": [before, after]},
        )


def person_send_invitation(*, person: User, base_url: str) -> None:
    """Email a one-time link with which the person chooses their own password."""
    link = base_url.rstrip("/") + reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    body = render_to_string("accounts/email/invitation.txt", {"person": person, "link": link})
    send_mail(
        "Your account on the safeguarding partnership platform",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )


@transaction.atomic
def membership_add(
    *, actor: User, group: PartnershipGroup, person: User, is_chair: bool
) -> GroupMembership:
    """Add a person to a group, or change whether they chair it."""
    membership, created = GroupMembership.objects.get_or_create(group=group, user=person)
    before = None if created else membership.is_chair
    membership.is_chair = is_chair
    membership.save()
    log_action(
        actor=actor,
        action=RECORD_CREATED if created else RECORD_CHANGED,
        target=group,
        changes={"member": [None, person.email], "chair": [before, is_chair]},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: GroupMembership) -> None:
    """Take a person off a group."""
    group, email = membership.group, membership.user.email
    membership.delete()
    log_action(
        actor=actor,
        action=RECORD_DELETED,
        target=group,
        changes={"member": [email, None]},
    )


def two_factor_device_start(*, user: User) -> AuthenticatorApp:
    """The person's unconfirmed authenticator device, made if it does not exist yet."""
    device = AuthenticatorApp.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorApp.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    return device


@transaction.atomic
def two_factor_device_confirm(*, user: User, device: AuthenticatorApp, token: str) -> bool:
    """Confirm the device once the person proves it gives the right code."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_action(
        actor=user,
        action=RECORD_CHANGED,
        target=user,
        changes={"two_factor": [False, True]},
    )
    return True


@transaction.atomic
def two_factor_reset(*, actor: User, person: User) -> int:
    """Remove a person's authenticator devices, for example after a lost phone."""
    count, _ = AuthenticatorApp.objects.filter(user=person).delete()
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=person,
        changes={"two_factor": [True, False]},
    )
    return count


def password_changed(*, actor: User) -> AuditEntry:
    """Record that a person changed their own password (Django's form has saved it)."""
    return log_action(
        actor=actor, action=RECORD_CHANGED, target=actor, changes={"password": "changed"}
    )


def password_set_from_link(*, user: User) -> AuditEntry:
    """Record that a person chose a new password from an emailed reset link."""
    return log_action(
        actor=user,
        action=RECORD_CHANGED,
        target=user,
        changes={"password": "set from emailed link"},
    )


def user_needs_code(user: User) -> bool:
    """Whether signing in takes a security code as well as the password: the person has
    an authenticator app, or must set one up."""
    return bool(
        user.requires_two_factor
        or AuthenticatorApp.objects.filter(user=user, confirmed=True).exists()
    )


def sign_in_completed(*, user: User, how: str) -> AuditEntry:
    """Record the sign-in once the second factor is given (or an app is first set up)."""
    return log_action(actor=user, action=SIGNED_IN, target=user, changes={"two_factor": how})


def two_factor_code_refused(*, user: User) -> AuditEntry:
    """Record a wrong security code given after the right password."""
    return log_action(
        actor=user,
        action=SIGN_IN_FAILED,
        target=user,
        changes={"two_factor": "wrong code"},
    )


def _repeated_record(*, key: str, action: str, email: str, changes: dict[str, Any]) -> Any:
    """Record an event about a sign-in that may repeat in a flood: the first time in a
    15-minute window, then at the 10th, 100th… time, with the count so far."""
    attempts = sign_in_guard.worth_recording(key)
    if attempts is None:
        return None
    if attempts > 1:
        changes = {**changes, "attempts in 15 minutes": attempts}
    return log_action(
        actor=None,
        action=action,
        target_type="accounts.user",
        target_label=email[:254],
        changes=changes,
    )


def sign_in_failure_record(*, request: Any, email: str) -> AuditEntry | None:
    """Count a failed sign-in against its address and account, and record it (once in a
    window for this email and address, then at each tenfold)."""
    if request is not None:
        sign_in_guard.sign_in_failed(request, email)
    address = client_address(request) if request is not None else None
    return _repeated_record(
        key=f"failed:{email}:{address}",
        action=SIGN_IN_FAILED,
        email=email,
        changes={},
    )


def sign_in_held_back(*, request: Any, email: str, refusal: Any) -> AuditEntry | None:
    """Record that a sign-in was not tried for too many attempts."""
    by = "this address's failures" if refusal.reason == "address" else "the account's failures"
    return _repeated_record(
        key=f"held-back:{refusal.reason}:{email}:{client_address(request)}",
        action=HELD_BACK,
        email=email,
        changes={"held back by": by, "for seconds": refusal.seconds},
    )


def lock_out_record(*, request: Any, email: str) -> AuditEntry | None:
    """Record a lock-out (django-axes signals again at each attempt while locked)."""
    return _repeated_record(
        key=f"locked:{email}:{client_address(request)}",
        action=LOCKED_OUT,
        email=email,
        changes={},
    )


def authenticator_keys_rotate() -> int:
    """Encrypt every authenticator app's secret again with the first configured key."""
    apps = list(AuthenticatorApp.objects.all())
    for app in apps:
        app.key_encrypted = rotate(app.key_encrypted.encode()).decode()
        app.save(update_fields=["key_encrypted"])
    return len(apps)
