"""People, their agency, their role, and their membership of partnership groups."""

import os
import time
from base64 import b32encode
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from safeguarding.core.encryption import decrypt, encrypt
from safeguarding.core.roles import TWO_FACTOR_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("A person needs an email address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("role", Role.BUSINESS_UNIT)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


# django-otp has no type information, so the stubs cannot see the reverse of its Device.user.
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """A member of staff of a partner agency who signs in with their work email."""

    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField("Full name", max_length=150)
    job_title = models.CharField("Job title", max_length=150, blank=True)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    is_active = models.BooleanField(
        "Can sign in", default=True, help_text="Turn off instead of deleting someone"
    )
    # Demo accounts have published passwords; they only work while DEBUG is on.
    is_demo = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]
    # What the business unit edits on a person, as the form shows it; person_create and
    # person_update save and audit the same list.
    EDITABLE: ClassVar[tuple[str, ...]] = (
        "full_name",
        "email",
        "job_title",
        "agency",
        "role",
        "is_active",
    )

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_authenticator(self) -> bool:
        """Whether the person has set up an authenticator app."""
        return AuthenticatorApp.objects.filter(user=self, confirmed=True).exists()

    def awaits_second_factor(self) -> bool:
        """Whether the person has given their password but not yet the security code
        their role or their own authenticator app asks for: until then only the sign-in
        pages and the public pages are theirs, and no staff menu is drawn."""
        if not self.is_authenticated:
            return False
        is_verified = getattr(self, "is_verified", None)
        if is_verified is not None and is_verified():
            return False
        return self.has_authenticator() or self.requires_two_factor

    @property
    def requires_two_factor(self) -> bool:
        if self.role in TWO_FACTOR_ROLES:
            return True
        from safeguarding.core.models import Partnership

        return Partnership.objects.filter(two_factor_for_everyone=True).exists()


class PartnershipGroup(models.Model):
    """The executive, a board, a subgroup or an arrangement that owns learning and actions."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "Executive"
        BOARD = "board", "Board"
        SUBGROUP = "subgroup", "Subgroup"
        REFERENCE_GROUP = "reference_group", "Reference group"
        ARRANGEMENT = "arrangement", "Multi-agency arrangement"
        PARTNERSHIP = "partnership", "Wider partnership"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    purpose = models.TextField(blank=True)
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reporting_groups"
    )
    members = models.ManyToManyField(
        User, through="GroupMembership", related_name="partnership_groups"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(
        PartnershipGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    is_chair = models.BooleanField(default=False)
    joined = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-is_chair", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}{' (chair)' if self.is_chair else ''}"


class AuthenticatorApp(TimestampMixin, ThrottlingMixin, Device):
    """A person's authenticator app (TOTP, RFC 6238), as django-otp's TOTP device but
    with its secret key encrypted at rest (safeguarding/core/encryption.py): a copy of
    the database alone gives nobody the codes."""

    key_encrypted = models.TextField()
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    @property
    def bin_key(self) -> bytes:
        """The secret key."""
        return decrypt(self.key_encrypted.encode())

    @property
    def key(self) -> str:
        """The secret key in hex, as django-otp writes it; setting it keeps it encrypted."""
        return self.bin_key.hex()

    @key.setter
    def key(self, key_hex: str) -> None:
        self.key_encrypted = encrypt(bytes.fromhex(key_hex)).decode()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.key_encrypted:
            # A new app gets a random 20-byte secret, as RFC 4226 recommends.
            self.key = os.urandom(20).hex()
        super().save(*args, **kwargs)

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            number = int(str(token))
        except ValueError:
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            # Each code is taken once: only a later time step than the last one counts.
            verified = bool(totp.verify(number, self.tolerance, self.last_t + 1))
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    @property
    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "")).replace(":", "")
        label = f"{issuer}:{self.user.get_username()}" if issuer else self.user.get_username()
        params = urlencode(
            {
                "secret": b32encode(self.bin_key).decode(),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        if issuer:
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"
