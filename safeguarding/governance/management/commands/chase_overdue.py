from typing import Any

from django.core.management.base import BaseCommand

from safeguarding.governance import services
from safeguarding.governance.tasks import chase_schedule


class Command(BaseCommand):
    help = (
        "Chase overdue assurance answers and actions now (--schedule: only book the "
        "morning chase for the background worker, if none is booked)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            booked = chase_schedule()
            self.stdout.write("Morning chase booked" if booked else "Morning chase already booked")
            return
        summary = services.overdue_chase()
        self.stdout.write(
            f"Chased {summary['answers']} answers and {summary['actions']} actions "
            f"({summary['emails']} emails)"
        )
