from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safeguarding.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        # Importing these registers the permission rules, the audit trail's sign-in verbs
        # and the sign-in auditing.
        from safeguarding.accounts import audit_verbs, permissions, signals  # noqa: F401
        from safeguarding.accounts.services import authenticator_keys_rotate
        from safeguarding.core.encryption import register_rotation
        from safeguarding.core.panels import register_navigation

        register_rotation("authenticator secrets", authenticator_keys_rotate)
        register_navigation(
            "Groups", "accounts:group-list", "accounts.view_groups", after="Agencies"
        )
        register_navigation(
            "People", "accounts:person-list", "accounts.view_people", after="Code lists"
        )
