"""Encryption at rest for what would harm children or staff if the disk or a backup
leaked: authenticator secrets, evidence files and the error files of rejected returns
(which carry values from child-level rows).

Keys come from configuration: DATA_ENCRYPTION_KEYS (Fernet keys, comma-separated), or the
file DATA_ENCRYPTION_KEYS_FILE names, or else a key made once and kept beside the
database (var/data_encryption_key, owner-only). The first key encrypts; every key
decrypts, so a key is rotated by putting a new one first, running
`manage.py rotate_encryption_keys` (which encrypts everything again with it), then
removing the old one (docs/security.md).
"""

from collections.abc import Callable
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

# What every Fernet token starts with (version byte 0x80, base64-encoded).
TOKEN_START = b"gAAAAA"


class DecryptionFailed(ValueError):
    """Stored data that none of the configured keys opens: a key is missing, or the data
    was changed."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("No data encryption key is configured (DATA_ENCRYPTION_KEYS)")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.DATA_ENCRYPTION_KEYS))


def encrypt(data: bytes) -> bytes:
    """`data` encrypted (and authenticated) with the first configured key."""
    return fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The data in a token made by `encrypt`, with whichever configured key made it."""
    try:
        return fernet().decrypt(token)
    except InvalidToken as error:
        raise DecryptionFailed(
            "Stored data could not be decrypted with any configured key"
        ) from error


def is_encrypted(data: bytes) -> bool:
    return data.startswith(TOKEN_START)


def decrypt_stored(data: bytes) -> bytes:
    """Data read back from storage: decrypted, or as it is if it was stored before
    encryption at rest (until `rotate_encryption_keys` encrypts it)."""
    return decrypt(data) if is_encrypted(data) else data


def rotate(token: bytes) -> bytes:
    """A token (or data stored before encryption) encrypted again with the first key."""
    return fernet().rotate(token) if is_encrypted(token) else encrypt(token)


def new_key() -> str:
    return Fernet.generate_key().decode()


# label → a function that encrypts that kind of thing again with the first key and
# returns how many it did. Each app registers what it keeps encrypted (in its ready()),
# since core may not import the apps above it.
ROTATIONS: dict[str, Callable[[], int]] = {}


def register_rotation(label: str, rotate_all: Callable[[], int]) -> None:
    ROTATIONS[label] = rotate_all


def rotate_everything() -> dict[str, int]:
    """Encrypt everything kept encrypted again with the first configured key (and what
    was stored before encryption at rest, for the first time)."""
    return {label: rotate_all() for label, rotate_all in ROTATIONS.items()}
