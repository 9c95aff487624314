"""The partnership, its agencies and localities, code lists, and the audit trail."""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone

from safeguarding.core import audit_verbs
from safeguarding.core.audit_chain import CHAIN_LOCK, GENESIS, entry_digest, entry_fields
from safeguarding.core.wording import (
    field_in_words,
    in_words,
    record_kind_name,
    value_in_words,
)

DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"


class Partnership(models.Model):
    """The local safeguarding children partnership this installation serves.

    One installation serves one partnership, so there is at most one row.
    """

    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40, help_text="For example, the partnership's initials"
    )
    area = models.CharField(max_length=200, help_text="The local authority area it covers")
    about = models.TextField(blank=True, help_text="Who the partnership is, in plain words")
    quick_exit_url = models.URLField(
        "Quick exit destination",
        default=DEFAULT_QUICK_EXIT_URL,
        help_text="A neutral page the Exit this page button goes to",
    )
    quick_exit_on_staff_pages = models.BooleanField(
        "Show Exit this page on staff pages",
        default=False,
        help_text="Public pages always show it; staff pages only when this is on",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True)
    urgent_help_text = models.TextField(
        blank=True,
        help_text="What someone should do if a child is in danger now",
    )
    two_factor_for_everyone = models.BooleanField(
        "Require two-factor sign-in for everyone",
        default=False,
        help_text=(
            "The business unit, analysts, intelligence officers and the scrutineer always "
            "need a security code; turn this on to ask it of every member of staff"
        ),
    )

    # What the business unit edits, as the settings form shows it; partnership_update
    # saves and audits the same list.
    EDITABLE: ClassVar[tuple[str, ...]] = (
        "name",
        "short_name",
        "area",
        "about",
        "quick_exit_url",
        "quick_exit_on_staff_pages",
        "contact_email",
        "contact_phone",
        "contact_address",
        "urgent_help_text",
        "two_factor_for_everyone",
    )

    class Meta:
        verbose_name = "partnership"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is None and Partnership.objects.exists():
            raise ValidationError("This installation already has a partnership.")
        super().save(*args, **kwargs)


class Agency(models.Model):
    """A safeguarding partner or relevant agency that takes part in the partnership."""

    class Kind(models.TextChoices):
        CHILDRENS_SERVICES = "childrens_services", "Local authority children's services"
        POLICE = "police", "Police"
        INTEGRATED_CARE_BOARD = "icb", "Integrated care board"
        HEALTH_PROVIDER = "health_provider", "Health provider"
        SCHOOL = "school", "School or academy"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    # The three statutory safeguarding partners under the Children Act 2004 (as amended).
    SAFEGUARDING_PARTNER_KINDS: ClassVar[set[str]] = {
        Kind.CHILDRENS_SERVICES,
        Kind.POLICE,
        Kind.INTEGRATED_CARE_BOARD,
    }

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    is_safeguarding_partner = models.BooleanField(
        default=False, help_text="One of the statutory safeguarding partners"
    )
    is_active = models.BooleanField(default=True)
    website = models.URLField(blank=True)

    EDITABLE: ClassVar[tuple[str, ...]] = (
        "name",
        "slug",
        "kind",
        "is_safeguarding_partner",
        "is_active",
        "website",
    )

    class Meta:
        ordering = ["-is_safeguarding_partner", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    """An area of the partnership's footprint used to break figures down."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class CodeList(models.Model):
    """A list of codes used in children's services returns, loaded from data files."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Code(models.Model):
    """One code in a code list, with its group (for example an ethnicity's major group)."""

    code_list = models.ForeignKey(CodeList, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=200)
    group = models.CharField(max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["code_list", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="code_unique_in_list")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries cannot be changed.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list["AuditEntry"]:
        raise PermissionError("Audit entries are written one at a time, each chained to the last.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One thing a person did to or with a record. Written once, never changed.

    The database refuses updates too (see migration 0002), so not even a bug in the
    platform can rewrite what happened.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The email at the time, so the entry still reads right if the person is renamed.
    actor_label = models.CharField(max_length=254, blank=True)
    # A verb from core.audit_verbs: open, so a new app's verbs need no migration here.
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    # The hash chain (safeguarding/core/audit_chain.py): the hash of the entry before,
    # and of this entry with it.
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'anonymous'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append the entry to the chain: after the last entry, with both hashes."""
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(AuditEntry)
        connection = connections[using]
        # Hashed as the database will give it back (an IPv6 address in its short form).
        address = self._meta.get_field("ip_address")
        assert isinstance(address, models.GenericIPAddressField)
        self.ip_address = address.get_prep_value(self.ip_address)
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
            head = (
                AuditEntry.objects.using(using)
                .order_by("-pk")
                .values_list("entry_hash", flat=True)
                .first()
            )
            self.previous_hash = head or GENESIS
            self.entry_hash = entry_digest(
                previous_hash=self.previous_hash, fields=self.chain_fields()
            )
            super().save(*args, **kwargs)

    def chain_fields(self) -> dict[str, Any]:
        """What of this entry the chain's hash covers."""
        return entry_fields(
            at=self.at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            target_type=self.target_type,
            target_id=self.target_id,
            target_label=self.target_label,
            changes=self.changes,
            ip_address=self.ip_address,
            user_agent=self.user_agent,
            path=self.path,
        )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")

    @property
    def change_rows(self) -> list[dict[str, Any]]:
        """What changed, as field, before and after, in words (in_words).

        Most entries store field → [old, new]; some store a plain note (such as
        "password": "changed"), shown as the after value with no before.
        """
        rows = []
        for name, value in self.changes.items():
            field = field_in_words(self.target_type, name)
            if isinstance(value, list) and len(value) == 2:
                old, new = (value_in_words(self.target_type, name, v) for v in value)
                rows.append({"field": field, "old": None if value[0] is None else old, "new": new})
            else:
                rows.append({"field": field, "old": None, "new": in_words(value)})
        return rows

    @property
    def action_label(self) -> str:
        """What was done, in words (the code itself for a verb no longer registered)."""
        return audit_verbs.label_of(self.action)

    @property
    def actor_name(self) -> str:
        """Who acted, by name where the person is known; their email otherwise."""
        if self.actor_id and self.actor is not None:
            return getattr(self.actor, "full_name", "") or self.actor_label
        return self.actor_label

    @property
    def kind_name(self) -> str:
        """The kind of record acted on, by its name."""
        return record_kind_name(self.target_type)


class AuditVerification(models.Model):
    """One walk along the audit trail's hash chain and what it found."""

    at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entries = models.PositiveIntegerField()
    intact = models.BooleanField()
    broken_at = models.BigIntegerField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)
    head_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'intact' if self.intact else 'broken'}"
