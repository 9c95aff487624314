from typing import Any

from django.core.management.base import BaseCommand

from safeguarding.core.morning import morning_jobs
from safeguarding.core.tasks import morning_jobs_run, morning_schedule


class Command(BaseCommand):
    help = (
        "Run every app's morning work now: chasing, reminders and the rest (--schedule: only "
        "book the next morning's run for the background worker, if none is booked)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            booked = morning_schedule()
            self.stdout.write("Morning work booked" if booked else "Morning work already booked")
            return
        labels = {job.name: job.label for job in morning_jobs()}
        for name, done in morning_jobs_run().items():
            said = ", ".join(f"{key} {value}" for key, value in done.items()) or "nothing to do"
            self.stdout.write(f"{labels[name]}: {said}")
