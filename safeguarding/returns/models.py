"""The indicator catalogue, the returns agencies owe, and each submission's file of record."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.models import Agency


class Indicator(models.Model):
    """A measure the partnership tracks. Its meaning lives in versions, so a changed
    definition never rewrites what earlier returns meant."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["theme", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def current(self) -> "IndicatorVersion | None":
        return self.versions.order_by("-version").first()


class IndicatorVersion(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE_PER_10000 = "rate_per_10000", "Rate per 10,000 children"
        DAYS = "days", "Days"

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"
        NEITHER = "neither", "Neither: context only"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveSmallIntegerField(default=1)
    definition = models.TextField()
    numerator = models.CharField(max_length=300)
    denominator = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.NEITHER)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    # Kinds of agency that report it (Agency.Kind values) and the code lists it breaks by.
    agency_kinds = models.JSONField(default=list)
    breakdowns = models.JSONField(default=list)
    # Set for a measure worked out from child-level returns: the children with at least
    # one event of this type in the period.
    event_type = models.CharField(max_length=40, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Beyond this value (in the direction the polarity counts as worse) a figure is flagged.
    alert_threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(default=date(2025, 4, 1))

    class Meta:
        ordering = ["indicator", "version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.version}"


class ReturnTemplate(models.Model):
    """A return agencies send: aggregate counts, or child-level pseudonymised events."""

    class Kind(models.TextChoices):
        AGGREGATE = "aggregate", "Aggregate counts"
        CHILD_LEVEL = "child_level", "Child-level events (pseudonymised)"

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="templates")
    event_types = models.JSONField(default=list, blank=True)
    frequency = models.CharField(
        max_length=10,
        choices=IndicatorVersion.Frequency.choices,
        default=IndicatorVersion.Frequency.QUARTERLY,
    )
    agency_kinds = models.JSONField(default=list)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ReturnObligation(models.Model):
    """One return an agency owes for one period, with the day it is due."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        REJECTED = "rejected", "Rejected: problems to fix"
        ACCEPTED = "accepted", "Accepted"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="obligations")
    template = models.ForeignKey(
        ReturnTemplate, on_delete=models.PROTECT, related_name="obligations"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "template", "period_start"], name="one_obligation_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} from {self.agency}, {self.period_start:%b %Y}"

    def is_late(self, today: date | None = None) -> bool:
        return self.status != self.Status.ACCEPTED and self.due_on < (today or timezone.localdate())


class Submission(models.Model):
    """One upload of a return. An accepted one is kept for ever as a file of record (Parquet,
    named by its content hash); a later acceptance supersedes it and never overwrites it."""

    class Status(models.TextChoices):
        REJECTED = "rejected", "Rejected"
        ACCEPTED = "accepted", "Accepted"
        SUPERSEDED = "superseded", "Superseded"

    obligation = models.ForeignKey(
        ReturnObligation, on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    via_api = models.BooleanField(default=False)
    original_name = models.CharField(max_length=255)
    upload_sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=dict, blank=True)
    narrative = models.TextField(blank=True)
    record_path = models.CharField(max_length=300, blank=True)
    record_sha256 = models.CharField(max_length=64, blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation"],
                condition=Q(status="accepted"),
                name="one_accepted_submission_per_obligation",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | ~Q(record_sha256="") & ~Q(narrative=""),
                name="accepted_has_record_and_narrative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class ApiToken(models.Model):
    """A key an agency's system uses to send returns through the API, on behalf of one of
    its agency leads. Only a hash is kept: the key itself is shown once, when issued."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    # What the person was when the key was issued: the key works only while they still
    # are, so a move of agency or role never carries it into new powers.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)
    name = models.CharField(max_length=100, help_text="Which system uses it")
    key_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.person})"
