"""Forms for signing in, two-factor codes, people and group membership."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.http import HttpRequest

from safeguarding.accounts import services, sign_in_guard
from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.forms import PlatformForm, PlatformModelForm, TextLimits
from safeguarding.core.models import Agency
from safeguarding.core.rate_limits import over_limit
from safeguarding.core.roles import Role


def own_email_field() -> forms.EmailField:
    """The email address a person types to identify themselves."""
    return forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class SignInForm(PlatformForm):
    email = own_email_field()
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    non_field_error_target = "id_email"

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.refusal: sign_in_guard.Refusal | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.refusal = sign_in_guard.sign_in_refusal(self.request, email)
            if self.refusal is not None:
                services.sign_in_held_back(request=self.request, email=email, refusal=self.refusal)
                raise forms.ValidationError(
                    "There have been too many attempts to sign in. "
                    f"Wait {self.refusal.wait} and try again"
                )
            user = authenticate(self.request, email=email.lower(), password=password)
            if user is None:
                # One message for every failure, so the form does not reveal who has an account.
                raise forms.ValidationError(
                    "Enter the email address and password of your account on this platform"
                )
            self.user = user
        return cleaned


class PasswordResetRequestForm(TextLimits, PasswordResetForm):
    """Also sends a link to people who were invited but never chose a password, so an
    expired invitation can be renewed from the sign-in page."""

    email = own_email_field()

    def get_users(self, email: str) -> Iterator[Any]:
        # Past the limit for this address no email is sent, and the page says the same
        # as ever, so the limit tells nobody whether the account exists.
        if over_limit("password_reset_by_account", counted=email.strip().lower()):
            return
        never_signed_in = Q(last_login__isnull=True)
        has_password = ~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        yield from User.objects.filter(
            never_signed_in | has_password, email__iexact=email, is_active=True
        )


class TwoFactorCodeForm(PlatformForm):
    # Apps show the code as "123 456", so up to 7 characters are accepted and the digits
    # are counted once the space is gone.
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now",
        max_length=7,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={
            "required": "Enter the 6-digit security code from your authenticator app",
            "max_length": "Enter the security code using only 6 digits",
        },
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("Enter the security code using only numbers")
        if len(code) != 6:
            raise forms.ValidationError("Enter all 6 digits of the security code")
        return code


class PersonForm(PlatformModelForm):
    groups = forms.ModelMultipleChoiceField(
        label="Partnership groups",
        queryset=PartnershipGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Chairs are set on each group's page",
    )

    class Meta:
        model = User
        fields = User.EDITABLE
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "email": "Their work email. They sign in with it and we send the invitation to it",
            "is_active": "Turn off instead of deleting someone, so their history stays",
        }
        error_messages = {
            "full_name": {"required": "Enter the person's full name"},
            "email": {
                "required": "Enter the person's work email address",
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "unique": "Someone with this email address already has an account",
            },
            "agency": {"required": "Select the agency the person works for"},
            "role": {"required": "Select the person's role"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(is_active=True)
        agency.required = True
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = Role.choices
        if self.instance.pk:
            self.fields["groups"].initial = list(
                self.instance.memberships.values_list("group__pk", flat=True)
            )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Someone with this email address already has an account")
        return email


class MembershipForm(PlatformForm):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.filter(is_active=True),
        error_messages={
            "required": "Select the person to add",
            "invalid_choice": "Select a person who can sign in to the platform",
        },
    )
    is_chair = forms.BooleanField(label="They chair this group", required=False)
