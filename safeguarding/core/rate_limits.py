"""Rate limits, named in settings.RATE_LIMITS so an installation can tune them.

`rate_limit(name, key=...)` wraps a view with django-ratelimit: past the limit the view
is not run and `core.views.rate_limited` answers 429. Keys: "ip" for the client's address
(behind trusted proxies only), "user_or_ip" for the signed-in person, or the address of
someone not signed in.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit


def _rate(name: str) -> Callable[[str, Any], str]:
    # Read at request time, so tests and installations can change the setting.
    return lambda group, request: settings.RATE_LIMITS[name]


def rate_limit(name: str, *, key: str = "ip", method: Any = ratelimit.ALL) -> Callable[..., Any]:
    """A view decorator applying the named limit, counted per `key`."""
    return ratelimit(group=f"limit:{name}", key=key, rate=_rate(name), method=method, block=True)


def over_limit(name: str, *, counted: str) -> bool:
    """Count one more use of the named limit for `counted` (an email, say) and tell
    whether it is now past the limit; for limits that are not per request."""
    usage = get_usage(
        None,
        group=f"limit:{name}",
        key=lambda group, request: counted,
        rate=_rate(name),
        increment=True,
    )
    return bool(usage and usage["should_limit"])
