from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safeguarding.returns"
    label = "returns"
    verbose_name = "Data returns"

    def ready(self) -> None:
        from safeguarding.accounts.services import person_access_changed
        from safeguarding.core.encryption import register_rotation
        from safeguarding.core.morning import register_morning_job
        from safeguarding.core.panels import register, register_navigation
        from safeguarding.core.request_limits import allow_body
        from safeguarding.returns import permissions  # noqa: F401  (registers the rules)
        from safeguarding.returns.panels import returns_owed
        from safeguarding.returns.services import (
            api_tokens_revoke_for,
            error_files_rotate,
            returns_remind,
        )

        register_rotation("error files of rejected returns", error_files_rotate)
        register_morning_job("returns.reminders", "Reminding agencies of returns", returns_remind)
        from safeguarding.returns.validation.read import MAX_BYTES

        for upload in ("returns:obligation", "api:return_send"):
            allow_body(upload, files_bytes=MAX_BYTES)
        # A key is bound to its person's agency and role: it goes when they change.
        person_access_changed.connect(api_tokens_revoke_for, dispatch_uid="returns.api-keys")

        register("staff_home", returns_owed)
        register_navigation(
            "Returns", "returns:calendar", "returns.view_calendar", after="Assurance"
        )
