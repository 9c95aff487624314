from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "safeguarding.returns"
    label = "returns"
    verbose_name = "Data returns"

    def ready(self) -> None:
        from safeguarding.core.panels import register_navigation
        from safeguarding.returns import permissions  # noqa: F401  (registers the rules)

        register_navigation(
            "Returns", "returns:calendar", "returns.view_calendar", after="Assurance"
        )
