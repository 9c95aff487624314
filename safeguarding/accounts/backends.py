from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.views.decorators.debug import sensitive_variables

from safeguarding.accounts.models import User
from safeguarding.accounts.passwords import password_check_turn, wait_like_a_password_check
from safeguarding.accounts.services import demo_accounts_work


class EmailBackend(ModelBackend):
    """Email and password sign-in that refuses demo accounts outside demonstration mode.

    Password checks take their turn (see safeguarding/accounts/passwords.py); an email
    with no account waits as long as a check would, without hashing anything.
    """

    @sensitive_variables("password")
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        username = username or kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = User.objects.filter(email=username).first()
        if user is None:
            wait_like_a_password_check()
            return None
        with password_check_turn():
            right = user.check_password(password)
        return user if right and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not demo_accounts_work():
            return False
        return super().user_can_authenticate(user)
