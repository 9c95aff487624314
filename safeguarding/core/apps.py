from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "safeguarding.core"
    label = "core"
    verbose_name = "Partnership core"

    def ready(self) -> None:
        from safeguarding.core import permissions, services  # noqa: F401

        # Code lists are data every part relies on; post_migrate also runs after a test
        # database is flushed, so they are always present.
        post_migrate.connect(services.code_lists_load_after_migrate, sender=self)
        # The SQLite file is made owner-only as soon as a connection opens it.
        connection_created.connect(services.sqlite_files_make_private)

        from safeguarding.core.panels import register_navigation

        register_navigation("Home", "core:staff-home", "core.view_staff_pages")
        register_navigation("Agencies", "core:agency-list", "core.view_agencies")
        register_navigation("Code lists", "core:code-list-list", "core.view_code_lists")
        register_navigation("Audit trail", "core:audit-list", "core.view_audit_trail")
        register_navigation("Settings", "core:partnership-edit", "core.change_partnership")
