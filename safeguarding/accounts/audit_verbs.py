"""The audit trail's verbs for signing in and out (registered on import; see
safeguarding/core/audit_verbs.py)."""

from safeguarding.core.audit_verbs import register

SIGNED_IN = register(code="accounts.signed_in", label="Signed in")
SIGN_IN_FAILED = register(code="accounts.sign_in_failed", label="Sign-in failed")
SIGNED_OUT = register(code="accounts.signed_out", label="Signed out")
LOCKED_OUT = register(code="accounts.locked_out", label="Locked out")
HELD_BACK = register(code="accounts.held_back", label="Held back after too many attempts")
PASSWORD_ACCEPTED = register(code="accounts.password_accepted", label="Gave the right password")
# Older entries only: a security code given after the password (now recorded as the
# sign-in itself, once it is complete). Registered so the trail still shows them in words.
TWO_FACTOR = register(code="accounts.two_factor", label="Two-factor sign-in")
