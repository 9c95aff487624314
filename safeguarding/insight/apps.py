from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "safeguarding.insight"
    label = "insight"
    verbose_name = "Insight"

    def ready(self) -> None:
        from safeguarding.core.panels import register_navigation
        from safeguarding.insight import permissions  # noqa: F401  (registers the rules)
        from safeguarding.insight.home import register_panels

        register_panels()

        register_navigation("Insight", "insight:home", "insight.view_insight", after="Returns")
