from django.apps import AppConfig


class AssistConfig(AppConfig):
    name = "safeguarding.assist"
    label = "assist"
    verbose_name = "Assist"

    def ready(self) -> None:
        # Importing these registers the permission rules and the panel on the plan page.
        from safeguarding.assist import panels, permissions  # noqa: F401
        from safeguarding.assist.importing.extract import DEFAULT_MAX_BYTES
        from safeguarding.core.request_limits import allow_body

        allow_body("assist:import", files_bytes=DEFAULT_MAX_BYTES)
