from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "safeguarding.insight"
    label = "insight"
    verbose_name = "Insight"

    def ready(self) -> None:
        from safeguarding.core.panels import register_navigation
        from safeguarding.core.request_limits import allow_body
        from safeguarding.insight import permissions  # noqa: F401  (registers the rules)
        from safeguarding.insight.figures import connect_receivers
        from safeguarding.insight.panels import register_panels
        from safeguarding.returns.validation.read import MAX_BYTES

        register_panels()
        connect_receivers()
        for upload in ("insight:population", "insight:published_figures"):
            allow_body(upload, files_bytes=MAX_BYTES)

        register_navigation("Insight", "insight:home", "insight.view_insight", after="Returns")
