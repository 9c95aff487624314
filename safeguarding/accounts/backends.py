from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Email and password sign-in that refuses demo accounts outside demonstration mode."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)
