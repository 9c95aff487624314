from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguarding.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        # Importing these registers the permission rules and the sign-in auditing.
        from safeguarding.accounts import permissions, signals  # noqa: F401
