"""A flood of sign-ins against a real server process: 20 anonymous clients, each from
addresses of its own behind a trusted proxy (a distributed attack, so no one address's
limit ends it early), posting random sign-ins for 30 seconds, half at real accounts.

Every request must be answered (200 for a wrong password, 429 where held back), and the
server's peak memory must stay within `MEMORY_BOUND_MIB` of what it used before the
flood: password checks take turns (two at a time, about 100 MiB each), and an unknown
email costs no hash at all. Before that, twenty such clients took a server from 414 MB to
1.7 GB.
"""

import http.client
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 20
SECONDS = 30
# Two Argon2 checks at once (2 x 100 MiB) and the threads serving twenty clients.
MEMORY_BOUND_MIB = 400
ACCOUNTS = [f"person{number}@flood.example" for number in range(5)]
PASSWORD = "a-flood-test-password-9"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    assert found, f"no {field} for process {pid}"
    return int(found.group(1))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, int]]:
    """A server process with its own database and five accounts, on a free port."""
    env = {
        **os.environ,
        "SAFEGUARDING_VAR_DIR": str(tmp_path),
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "CRITICAL",
    }
    env.pop("DATABASE_URL", None)  # its own SQLite file, whatever database the suite uses
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    accounts = ", ".join(repr(email) for email in ACCOUNTS)
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            *manage,
            "shell",
            "-v",
            "0",
            "-c",
            "from safeguarding.accounts.models import User\n"
            f"for email in [{accounts}]:\n"
            f"    User.objects.create_user(email, {PASSWORD!r}, full_name='A',"
            " role='practitioner')",
        ],
        env=env,
        check=True,
    )
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # A loaded machine (CI runs two suites) can take a while to start the server.
        for _ in range(600):
            assert process.poll() is None, "the server stopped while starting"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_form(port: int) -> tuple[str, str]:
    """The CSRF cookie and token a browser gets with the sign-in page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/sign-in/")
    response = connection.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert cookie and token, "the sign-in page carries no CSRF token"
    return cookie.group(1), token.group(1)


def flood(port: int, until: float, statuses: Counter[int], failures: list[str]) -> None:
    cookie, token = sign_in_form(port)
    pick = random.Random()
    while time.monotonic() < until:
        email = (
            pick.choice(ACCOUNTS) if pick.random() < 0.5 else f"x{pick.random()}@nowhere.example"
        )
        body = f"csrfmiddlewaretoken={token}&email={email}&password=guess{pick.randrange(10**9)}"
        address = f"198.51.{pick.randrange(256)}.{pick.randrange(1, 255)}"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request(
                "POST",
                "/sign-in/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                    "X-Forwarded-For": address,
                },
            )
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
            connection.close()
        except OSError as error:  # a refused, reset or timed-out request
            failures.append(repr(error))


def test_twenty_clients_flooding_sign_in_for_thirty_seconds(server: tuple[int, int]) -> None:
    port, pid = server
    sign_in_form(port)  # warms the server up before its memory is read
    before = memory_kib(pid, "VmRSS")
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    until = time.monotonic() + SECONDS
    clients = [
        threading.Thread(target=flood, args=(port, until, statuses, failures))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=SECONDS + 90)

    peak = memory_kib(pid, "VmHWM")
    growth_mib = (peak - before) / 1024
    print(
        f"\nflood: {sum(statuses.values())} requests answered {dict(statuses)}, "
        f"{len(failures)} unanswered; memory {before / 1024:.0f} MiB before, "
        f"peak {peak / 1024:.0f} MiB (+{growth_mib:.0f} MiB, bound +{MEMORY_BOUND_MIB} MiB)"
    )
    assert not failures, failures[:5]
    assert not any(client.is_alive() for client in clients)
    assert set(statuses) <= {200, 429}, statuses
    assert statuses[200] > 0 and statuses[429] > 0, statuses
    assert growth_mib <= MEMORY_BOUND_MIB
