"""The cache rate limits count in, and the limits on downloads."""

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from safeguarding.core.roles import Role
from tests.pages import one, text

pytestmark = pytest.mark.django_db


def test_the_database_cache_counts_every_increment_and_keeps_its_expiry() -> None:
    assert cache.add("counter", 1, 2)
    for _ in range(9):
        cache.incr("counter")
    assert cache.get("counter") == 10
    # Django's own increment would have pushed the expiry back to the default (5 minutes).
    time.sleep(2.1)
    assert cache.get("counter") is None
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")


def test_downloads_past_the_limit_answer_429_with_the_quick_exit(
    settings: Any, client_as: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "staff_download": "2/m"}
    client = client_as(Role.ANALYST)
    url = reverse("core:code-list-download", args=["ethnicity"])
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]

    refused = client.get(url)

    assert refused.status_code == 429
    assert "Too many requests" in text(refused)
    one(refused, ".govuk-exit-this-page")
    # Limits are per person: someone else is not held back.
    assert client_as(Role.BUSINESS_UNIT).get(url).status_code == 200


def redis_or_skip() -> str:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379: the Redis cache is optional")
    return "redis://127.0.0.1:6379/15"


def test_limits_count_the_same_in_redis(settings: Any) -> None:
    from django.core.cache import caches

    from safeguarding.core.rate_limits import over_limit

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_or_skip(),
            "KEY_PREFIX": f"test-{time.time_ns()}",
        }
    }
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_by_account": "3/h"}
    try:
        assert [over_limit("password_reset_by_account", counted="a@b") for _ in range(5)] == [
            False,
            False,
            False,
            True,
            True,
        ]
    finally:
        caches["default"].clear()
