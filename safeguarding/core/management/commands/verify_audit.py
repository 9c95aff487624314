from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguarding.core.services import audit_trail_verify


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain: say whether any entry has been deleted, "
        "changed or inserted, record the check, and print the head hash to keep elsewhere."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        check = audit_trail_verify()
        if not check.intact:
            raise CommandError(
                f"The audit trail has been tampered with: {check.problem} "
                f"({check.entries} entries read)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"The audit trail is intact: {check.entries} entries.")
        )
        self.stdout.write(f"Head hash: {check.head_hash}")
