"""The address a request really came from, behind the proxies the installation trusts.

Behind a load balancer every request arrives from the balancer's address; a lock-out or a
rate limit keyed on that would let anyone lock everyone out. `TRUSTED_PROXIES` names the
proxies (addresses or networks) whose `X-Forwarded-For` is believed: the client is the
right-most address in it that is not itself a trusted proxy. With none trusted, the
header is ignored, since anyone can write it.
"""

from functools import cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Any

from django.conf import settings


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def _valid(address: str) -> str | None:
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or the forwarded address when REMOTE_ADDR is a
    trusted proxy."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if remote is None or not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for candidate in reversed([part for part in forwarded if part]):
        address = _valid(candidate)
        if address is None:
            # A forged or broken entry: stop at the last address a trusted proxy vouched for.
            return remote
        if not _is_trusted(address, networks):
            return address
        remote = address
    return remote
