"""The table the database cache keeps rate-limit counters in (see safeguarding/core/cache.py).

Made by migrate, so no installation can forget `createcachetable`; it does nothing where
the cache is Redis.
"""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_sign_in_verbs")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
