"""A verb as a later app would register it, for tests/core/test_audit_verbs.py: the
registering happens in `register_verbs`, as an app's AppConfig.ready would do it."""

from safeguarding.core.audit_verbs import register

WIDGET_POLISHED = "tests_only.widget.polished"


def register_verbs() -> None:
    register(code=WIDGET_POLISHED, label="Polished a widget")
