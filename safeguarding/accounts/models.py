"""People, their agency, their role, and their membership of partnership groups."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    BUSINESS_UNIT = "business_unit", "Business unit administrator"
    GROUP_CHAIR = "group_chair", "Group chair"
    GROUP_MEMBER = "group_member", "Group member"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    PRACTITIONER = "practitioner", "Practitioner"
    ANALYST = "analyst", "Analyst"
    INTELLIGENCE_OFFICER = "intelligence_officer", "Intelligence officer"
    SCRUTINEER = "scrutineer", "Independent scrutineer"


# These roles read everything, download child-level data or handle intelligence, so a
# password alone is not enough. The partnership may require it of everyone else too.
TWO_FACTOR_ROLES = frozenset(
    {Role.BUSINESS_UNIT, Role.INTELLIGENCE_OFFICER, Role.ANALYST, Role.SCRUTINEER}
)


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


class User(AbstractBaseUser, PermissionsMixin):
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

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

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
