from typing import Any

from django.core.management.base import BaseCommand

from safeguarding.core.tasks import morning_schedule
from safeguarding.governance import services


class Command(BaseCommand):
    help = (
        "Chase overdue assurance answers and actions now (--schedule: only book the "
        "morning's work, the chase included, for the background worker, if none is booked)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            booked = morning_schedule()
            self.stdout.write("Morning chase booked" if booked else "Morning chase already booked")
            return
        summary = services.overdue_chase()
        self.stdout.write(
            f"Chased {summary['answers']} answers and {summary['actions']} actions "
            f"({summary['emails']} emails)"
        )
