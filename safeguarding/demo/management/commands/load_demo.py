from base64 import b32encode
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguarding.demo.assist import load_demo_import
from safeguarding.demo.governance import load_demo_governance, publish_demo_report
from safeguarding.demo.insight import load_demo_insight
from safeguarding.demo.partnership import (
    DEMO_AUTHENTICATOR_KEYS,
    DEMO_PASSWORD,
    load_demo_partnership,
)
from safeguarding.demo.returns import load_demo_returns


class Command(BaseCommand):
    help = "Load the Northgate demonstration partnership (safe to run again) and print sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        people = load_demo_partnership()
        load_demo_governance()
        load_demo_returns(today=timezone.localdate())
        load_demo_insight(today=timezone.localdate())
        publish_demo_report()
        load_demo_import()
        self.stdout.write(self.style.SUCCESS("Demo partnership loaded: Northgate"))
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING("DEMO_MODE is off, so the demo accounts below cannot sign in.")
            )
        self.stdout.write(f"\nEvery demo account's password is: {DEMO_PASSWORD}\n")
        width = max(len(p.email) for p in people)
        for person in people:
            line = f"  {person.email.ljust(width)}  {person.full_name}, {person.role.label}"
            key = DEMO_AUTHENTICATOR_KEYS.get(person.role)
            if key:
                secret = b32encode(bytes.fromhex(key)).decode()
                line += f"\n  {'':{width}}  authenticator key {secret} (or run: make demo-codes)"
            self.stdout.write(line)
        self.stdout.write("")
