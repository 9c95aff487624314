from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from safeguarding.core.encryption import rotate_everything


class Command(BaseCommand):
    help = (
        "Encrypt every authenticator secret and stored file again with the first of "
        "DATA_ENCRYPTION_KEYS (after a new key is put first; see docs/security.md)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            done = rotate_everything()
        for label, count in done.items():
            self.stdout.write(f"{label}: {count} encrypted again with the first key")
