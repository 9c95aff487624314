"""What holds back guessing at passwords, beyond the lock-out per email and address.

- From one address, failed sign-ins across every account are limited
  (`RATE_LIMITS["sign_in_failures_by_address"]`), so spraying a few guesses at every
  account is stopped.
- For one account, failures from every address count together: after
  `SIGN_IN_FREE_FAILURES`, each attempt must wait twice as long as the last, up to
  `SIGN_IN_LONGEST_WAIT_SECONDS`. It is a delay, not a lock, and a browser that has
  signed in to the account before (it carries a signed cookie saying so) is not held
  back, so an attacker cannot keep the account's owner out.
- Repeated failures and refusals are recorded in the audit trail once, then at the 10th,
  100th and 1,000th, so a flood cannot flood the trail.

Counters live in the cache (see safeguarding/core/cache.py).
"""

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

from safeguarding.core.addresses import client_address

KNOWN_DEVICE_COOKIE = "spp_known"
KNOWN_DEVICE_SALT = "safeguarding.accounts.known-device"
KNOWN_DEVICE_DAYS = 365
ACCOUNT_MEMORY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is not even tried, and how long until it may be."""

    seconds: int
    reason: str

    @property
    def wait(self) -> str:
        """The wait in words: "1 minute", "15 minutes", "30 seconds"."""
        if self.seconds < 60:
            seconds = max(1, self.seconds)
            return f"{seconds} second{'' if seconds == 1 else 's'}"
        minutes = math.ceil(self.seconds / 60)
        return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _account(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _address_key(group: str, request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def _address_failures(request: HttpRequest, *, count: bool) -> dict[str, Any]:
    usage = get_usage(
        request,
        group="sign-in-failures-by-address",
        key=_address_key,
        rate=settings.RATE_LIMITS["sign_in_failures_by_address"],
        increment=count,
    )
    assert usage is not None
    return usage


def _account_state(email: str) -> tuple[int, float]:
    state = cache.get(f"sign-in-account:{_account(email)}")
    return state if isinstance(state, tuple) else (0, 0.0)


def account_wait_seconds(email: str, *, now: float | None = None) -> int:
    """How long this account's next attempt must wait, from any address not known to it."""
    failures, last = _account_state(email)
    beyond = failures - settings.SIGN_IN_FREE_FAILURES
    if beyond < 0:
        return 0
    delay = min(2**beyond, settings.SIGN_IN_LONGEST_WAIT_SECONDS)
    return max(0, math.ceil(last + delay - (now or time.time())))


def known_device(request: HttpRequest, email: str) -> bool:
    """Whether this browser has signed in to the account before."""
    try:
        accounts = signing.loads(
            request.COOKIES.get(KNOWN_DEVICE_COOKIE, ""),
            salt=KNOWN_DEVICE_SALT,
            max_age=KNOWN_DEVICE_DAYS * 24 * 60 * 60,
        )
    except signing.BadSignature:
        return False
    return isinstance(accounts, list) and _account(email) in accounts


def sign_in_refusal(request: HttpRequest, email: str) -> Refusal | None:
    """A reason not to check this password at all, or None to go ahead."""
    by_address = _address_failures(request, count=False)
    # The limit is how many failures are allowed: the attempt after the last is refused.
    if by_address["count"] >= by_address["limit"]:
        return Refusal(max(1, by_address["time_left"]), "address")
    if not known_device(request, email):
        wait = account_wait_seconds(email)
        if wait:
            return Refusal(wait, "account")
    return None


def sign_in_failed(request: HttpRequest, email: str) -> int:
    """Count a failed sign-in against the address and the account; returns the count of
    failures from this address in the current window."""
    failures, _ = _account_state(email)
    cache.set(
        f"sign-in-account:{_account(email)}", (failures + 1, time.time()), ACCOUNT_MEMORY_SECONDS
    )
    return int(_address_failures(request, count=True)["count"])


def sign_in_succeeded(email: str) -> None:
    """The right password was given: the account's failures are forgotten."""
    cache.delete(f"sign-in-account:{_account(email)}")


def remember_device(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """Mark this browser as one that has signed in to the account (up to ten accounts)."""
    try:
        accounts = signing.loads(
            request.COOKIES.get(KNOWN_DEVICE_COOKIE, ""), salt=KNOWN_DEVICE_SALT
        )
    except signing.BadSignature:
        accounts = []
    account = _account(email)
    kept = [a for a in accounts if a != account][-9:] if isinstance(accounts, list) else []
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps([*kept, account], salt=KNOWN_DEVICE_SALT),
        max_age=KNOWN_DEVICE_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def worth_recording(key: str, *, window_seconds: int = 15 * 60) -> int | None:
    """Count one more of a repeated event; the count when it should go into the audit
    trail (the 1st, 10th, 100th…) in the window, else None."""
    name = f"audit-repeat:{hashlib.sha256(key.encode()).hexdigest()}"
    if cache.add(name, 1, window_seconds):
        return 1
    try:
        count = int(cache.incr(name))
    except ValueError:
        cache.set(name, 1, window_seconds)
        return 1
    return count if math.log10(count).is_integer() else None
