from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from safeguarding.accounts.models import AuthenticatorApp


class Command(BaseCommand):
    help = "Print the current security codes of the demo accounts that need one (DEMO_MODE only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo security codes are only shown when DEMO_MODE is on.")
        devices = AuthenticatorApp.objects.filter(
            user__is_demo=True, confirmed=True
        ).select_related("user")
        if not devices:
            raise CommandError("No demo accounts have an authenticator. Run load_demo first.")
        for device in devices:
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            self.stdout.write(f"{device.user.email}: {code:0{device.digits}d}")
