"""File storage that keeps its files encrypted (safeguarding/core/encryption.py): the
files on disk, or in a backup, are unreadable without the configured keys. Files are
read and written whole, which suits evidence (10 MB at most) and error files."""

import os
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from safeguarding.core.encryption import decrypt_stored, encrypt, rotate


@deconstructible
class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: File[Any]) -> str:
        content.seek(0)
        encrypted = ContentFile(encrypt(content.read()))
        return super()._save(name, encrypted)  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        with super()._open(name, "rb") as stored:  # type: ignore[misc]
            data = decrypt_stored(stored.read())
        return ContentFile(data, name=name)

    def size(self, name: str) -> int:
        with self._open(name) as opened:
            return int(opened.size)

    def save_encrypted_again(self, name: str) -> None:
        """Encrypt a stored file again with the first key (for key rotation), in place."""
        path = self.path(name)
        with open(path, "rb") as stored:
            data = stored.read()
        rotated = rotate(data)
        temporary = f"{path}.rotating"
        with open(temporary, "wb") as out:
            out.write(rotated)
        os.chmod(temporary, self.file_permissions_mode or 0o600)
        os.replace(temporary, path)


def encrypted_storage() -> EncryptedFileSystemStorage:
    """The storage for files kept encrypted, under MEDIA_ROOT like the rest."""
    return EncryptedFileSystemStorage()
