from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeguarding.core.code_list_files import CodeListError
from safeguarding.core.services import code_lists_load


class Command(BaseCommand):
    help = "Load or refresh the code lists shipped with the platform (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = code_lists_load()
        except CodeListError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} codes loaded"))
