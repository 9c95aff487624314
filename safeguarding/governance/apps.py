from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "safeguarding.governance"
    label = "governance"
    verbose_name = "Governance and assurance"

    def ready(self) -> None:
        # Importing these registers the permission rules and the staff home panel.
        from safeguarding.core.encryption import register_rotation
        from safeguarding.core.morning import register_morning_job
        from safeguarding.core.request_limits import allow_body
        from safeguarding.governance import panels, permissions  # noqa: F401
        from safeguarding.governance.assurance.services import (
            EVIDENCE_MAX_BYTES,
            EVIDENCE_MAX_FILES,
            evidence_files_rotate,
        )
        from safeguarding.governance.services import overdue_chase

        allow_body(
            "governance:response-create", files_bytes=EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES
        )
        register_rotation("evidence files", evidence_files_rotate)
        register_morning_job(
            "governance.chase", "Chasing overdue answers and actions", overdue_chase
        )
