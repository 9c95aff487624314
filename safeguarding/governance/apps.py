from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "safeguarding.governance"
    label = "governance"
    verbose_name = "Governance and assurance"

    def ready(self) -> None:
        # Importing these registers the permission rules and the staff home panel.
        from safeguarding.governance import home, permissions  # noqa: F401
