"""Who is asking, typed, on a page behind the sign-in.

`SignedInPageMixin` is `core.views.StaffPageMixin` (sign-in, then the permission) for the
apps above `accounts`, with `self.person`: by the time a view's code runs, the mixin has
sent anyone not signed in to the sign-in page, so the request's user is a `User` and can
be handed to services that take `actor: User`. `signed_in(request)` does the same for a
plain function given a request.
"""

from django.http import HttpRequest

from safeguarding.accounts.models import User
from safeguarding.core.views import StaffPageMixin


def signed_in(request: HttpRequest) -> User:
    """The person signed in on this request; a `PermissionError` if nobody is, which a
    page behind the sign-in never lets happen."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionError("This page is only for people signed in")
    return user


class SignedInPageMixin(StaffPageMixin):
    """A staff page that knows its signed-in `person`."""

    request: HttpRequest

    @property
    def person(self) -> User:
        """The member of staff signed in."""
        return signed_in(self.request)
