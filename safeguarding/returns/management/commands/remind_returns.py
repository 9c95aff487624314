from typing import Any

from django.core.management.base import BaseCommand

from safeguarding.core.tasks import morning_schedule
from safeguarding.returns import services


class Command(BaseCommand):
    help = (
        "Remind agencies of returns due within a week or late, now (--schedule: only book "
        "the morning's work, reminders included, for the background worker, if none is booked)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            booked = morning_schedule()
            self.stdout.write(
                "Morning reminders booked" if booked else "Morning reminders already booked"
            )
            return
        summary = services.returns_remind()
        self.stdout.write(f"Reminded {summary['returns']} returns ({summary['emails']} emails)")
