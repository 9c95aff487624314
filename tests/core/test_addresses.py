"""The client's address behind trusted proxies, and only behind them."""

import pytest
from django.test import RequestFactory

from safeguarding.core.addresses import client_address


def request(remote: str, forwarded: str | None = None) -> object:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    made = RequestFactory().get("/")
    made.META.update(meta)
    return made


def test_with_no_proxy_trusted_the_forwarded_header_is_ignored(settings: object) -> None:
    settings.TRUSTED_PROXIES = []  # type: ignore[attr-defined]
    assert client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
        # A client that writes its own header cannot choose its address: the right-most
        # address not a trusted proxy is the one the proxy saw.
        ("10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        ("10.0.0.2", "198.51.100.7, 10.0.0.3", "198.51.100.7"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        # A request that did not come through the proxy is taken at its word only.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        ("2001:db8::1", "198.51.100.7", "2001:db8::1"),
    ],
)
def test_behind_a_trusted_proxy_the_client_is_the_forwarded_address(
    settings: object, remote: str, forwarded: str, client: str
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]  # type: ignore[attr-defined]
    assert client_address(request(remote, forwarded)) == client
