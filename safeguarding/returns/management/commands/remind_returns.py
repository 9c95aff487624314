from typing import Any

from django.core.management.base import BaseCommand

from safeguarding.returns import services
from safeguarding.returns.tasks import reminders_schedule


class Command(BaseCommand):
    help = (
        "Remind agencies of returns due within a week or late, now (--schedule: only book "
        "the morning reminders for the background worker, if none are booked)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            booked = reminders_schedule()
            self.stdout.write(
                "Morning reminders booked" if booked else "Morning reminders already booked"
            )
            return
        summary = services.returns_remind()
        self.stdout.write(f"Reminded {summary['returns']} returns ({summary['emails']} emails)")
