"""Sign-in, sign-out and lock-out events go into the audit trail."""

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safeguarding.accounts import sign_in_guard
from safeguarding.accounts.audit_verbs import PASSWORD_ACCEPTED, SIGNED_IN, SIGNED_OUT
from safeguarding.accounts.middleware import SIGNED_IN_AT
from safeguarding.accounts.services import (
    lock_out_record,
    sign_in_failure_record,
    user_needs_code,
)
from safeguarding.core.services import log_action


@receiver(user_logged_in)
def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A sign-in is complete once any second factor is given; until then the password
    alone is recorded, and `sign_in_completed` records the sign-in."""
    sign_in_guard.sign_in_succeeded(user.email)
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()
    if user_needs_code(user):
        log_action(actor=user, action=PASSWORD_ACCEPTED, target=user)
    else:
        log_action(actor=user, action=SIGNED_IN, target=user)


@receiver(user_logged_out)
def record_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_action(actor=user, action=SIGNED_OUT, target=user)


@receiver(user_login_failed)
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    sign_in_failure_record(request=request, email=email)


@receiver(user_locked_out)
def record_lock_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    lock_out_record(request=request, email=username or "")
