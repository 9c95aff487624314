"""The partnership's year: priorities, planned work, learning points, actions and the
assurance cycle (a group asks, agencies answer with evidence, the group judges)."""

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.core.models import Agency
from safeguarding.core.storage import encrypted_storage


class GoldenThread(models.Model):
    """Anything can carry the golden thread of equality, diversity and disproportionality."""

    golden_thread = models.BooleanField(
        "Equality, diversity and disproportionality",
        default=False,
        help_text="Part of the golden thread that runs through every priority",
    )

    class Meta:
        abstract = True


# The label is part of the annual report's web address, so a "/" (as in 2025/26) would
# break every link to it.
year_label_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$",
    "Use only letters, numbers, spaces, full stops and hyphens in the name of the year, "
    "like 2025-26",
)


class PartnershipYear(models.Model):
    """A business year of the partnership, such as 2025-26."""

    label = models.CharField(
        max_length=20,
        unique=True,
        help_text="For example 2025-26",
        validators=[year_label_validator],
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_current = models.BooleanField(default=False)
    report_introduction = models.TextField(
        "Introduction to the annual report",
        blank=True,
        help_text="A few paragraphs from the partnership's leaders, shown first in the report",
    )
    report_published_on = models.DateField(null=True, blank=True)

    # What a person edits, in the order the form shows it; every field the service saves
    # is audited (AUDITED), so a field added here is recorded without another list.
    EDITABLE: ClassVar[tuple[str, ...]] = (
        "label",
        "starts_on",
        "ends_on",
        "is_current",
        "report_introduction",
    )
    AUDITED: ClassVar[tuple[str, ...]] = EDITABLE

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_year"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="year_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Priority(GoldenThread):
    year = models.ForeignKey(PartnershipYear, on_delete=models.PROTECT, related_name="priorities")
    title = models.CharField(max_length=200)
    statement = models.TextField(blank=True, help_text="What the partnership wants to change")
    position = models.PositiveSmallIntegerField(default=0)

    EDITABLE: ClassVar[tuple[str, ...]] = ("title", "statement", "position", "golden_thread")
    # The year comes from the page the priority is added on.
    AUDITED: ClassVar[tuple[str, ...]] = ("year", *EDITABLE)

    class Meta:
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class PriorityStrand(models.Model):
    """A strand of work within a priority, such as one of the national reforms."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="strands")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    EDITABLE: ClassVar[tuple[str, ...]] = ("title",)
    AUDITED: ClassVar[tuple[str, ...]] = EDITABLE

    class Meta:
        ordering = ["priority", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class OutcomeMeasure(models.Model):
    """How the partnership will know a priority is making a difference.

    `indicator_code` names an indicator of the returns catalogue once it exists, so the
    annual report can draw the evidence of impact from data rather than prose alone.
    """

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures")
    description = models.CharField(max_length=300)
    indicator_code = models.CharField(max_length=40, blank=True)

    EDITABLE: ClassVar[tuple[str, ...]] = ("description", "indicator_code")
    AUDITED: ClassVar[tuple[str, ...]] = EDITABLE

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.description


class WorkStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    PAUSED = "paused", "Paused"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS, WorkStatus.PAUSED)


class PlannedWork(GoldenThread):
    """An item of work the partnership has committed to for the year."""

    class Kind(models.TextChoices):
        AUDIT = "audit", "Audit or review"
        EVENT = "event", "Event"
        LEGAL_DUTY = "legal_duty", "New legal duty"
        DEVELOPMENT = "development", "Development work"
        OTHER = "other", "Other"

    year = models.ForeignKey(PartnershipYear, on_delete=models.PROTECT, related_name="planned_work")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_work"
    )
    title = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    owner_group = models.ForeignKey(
        PartnershipGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    evidence_of_completion = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    EDITABLE: ClassVar[tuple[str, ...]] = (
        "title",
        "description",
        "kind",
        "priority",
        "owner_group",
        "lead_agency",
        "status",
        "evidence_of_completion",
        "golden_thread",
    )
    # The year comes from the page the work is added on.
    AUDITED: ClassVar[tuple[str, ...]] = ("year", *EDITABLE)

    class Meta:
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "planned work"

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    planned_work = models.ForeignKey(
        PlannedWork, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    EDITABLE: ClassVar[tuple[str, ...]] = ("title", "due_on", "done_on")
    AUDITED: ClassVar[tuple[str, ...]] = EDITABLE

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class LearningPoint(GoldenThread):
    """Something the partnership has learned, owned by the group that must follow it up."""

    class Source(models.TextChoices):
        ANNUAL_REPORT = "annual_report", "Annual report"
        PRACTICE_REVIEW = "practice_review", "Child safeguarding practice review"
        RAPID_REVIEW = "rapid_review", "Rapid review"
        NATIONAL_PANEL = "national_panel", "National panel report"
        AUDIT = "audit", "Audit"
        SELF_ASSESSMENT = "self_assessment", "Self-assessment event"

    class Expectation(models.TextChoices):
        SEEK_ASSURANCE = "seek_assurance", "Seek assurance"
        MONITOR = "monitor", "Monitor"
        PRESENT_PROGRESS = "present_progress", "Present progress"
        PROMOTE = "promote", "Promote and encourage"
        REVIEW = "review", "Review"
        NOTE = "note", "For all partners to note"

    year = models.ForeignKey(
        PartnershipYear, on_delete=models.PROTECT, null=True, blank=True, related_name="learning"
    )
    theme = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    source = models.CharField(max_length=30, choices=Source.choices)
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="For example the review's name or the report's year"
    )
    owning_group = models.ForeignKey(
        PartnershipGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_points",
    )
    expectation = models.CharField(max_length=30, choices=Expectation.choices)
    is_closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    EDITABLE: ClassVar[tuple[str, ...]] = (
        "year",
        "theme",
        "summary",
        "detail",
        "source",
        "source_reference",
        "owning_group",
        "expectation",
        "golden_thread",
        "is_closed",
    )
    AUDITED: ClassVar[tuple[str, ...]] = EDITABLE

    class Meta:
        ordering = ["theme", "pk"]

    def __str__(self) -> str:
        return self.summary


class Action(GoldenThread):
    """A thing to do because of a learning point or a priority, with an owner and a date."""

    learning_point = models.ForeignKey(
        LearningPoint, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner_group = models.ForeignKey(
        PartnershipGroup, on_delete=models.PROTECT, related_name="actions"
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    progress_note = models.TextField(blank=True)
    last_chased_on = models.DateField(null=True, blank=True)

    EDITABLE: ClassVar[tuple[str, ...]] = (
        "title",
        "owner_group",
        "lead_agency",
        "due_on",
        "status",
        "progress_note",
        "golden_thread",
    )
    # What someone who works on the action, without reassigning it, records.
    PROGRESS: ClassVar[tuple[str, ...]] = ("status", "progress_note")
    # The learning point or priority comes from the page it is added on; the service
    # stamps the day it is completed.
    AUDITED: ClassVar[tuple[str, ...]] = ("learning_point", "priority", *EDITABLE, "completed_on")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner_group", "status", "due_on"], name="action_owner_due")
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status in OPEN_STATUSES and self.due_on < (today or timezone.localdate())


class AssuranceRequest(GoldenThread):
    """A group's question to agencies or another group, to be answered by a date."""

    class Judgement(models.TextChoices):
        ASSURED = "assured", "Assured"
        PARTLY_ASSURED = "partly_assured", "Partly assured"
        NOT_ASSURED = "not_assured", "Not assured"

    asked_by = models.ForeignKey(
        PartnershipGroup, on_delete=models.PROTECT, related_name="assurance_asked"
    )
    learning_point = models.ForeignKey(
        LearningPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    question = models.TextField()
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    judgement_reason = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.question[:80]

    def is_ready_for_judgement(self, today: date | None = None) -> bool:
        """Ready once everyone asked has answered, or once the date to answer by has passed.

        Reads `recipients` through any prefetch, so a page of requests costs no more queries.
        """
        today = today or timezone.localdate()
        answered = self.answered_count
        return answered > 0 and (answered == self.asked_count or self.due_on < today)

    def judgement_waits_for(self, today: date | None = None) -> str:
        """Why the group cannot judge yet, in words, or "" once it can."""
        if self.judgement:
            return "This request has already been judged"
        if self.is_ready_for_judgement(today):
            return ""
        answered, asked = self.answered_count, self.asked_count
        so_far = (
            "Nobody has answered yet" if not answered else f"{answered} of {asked} have answered"
        )
        return (
            f"The group can record its judgement once everyone asked has answered, or after "
            f"{self.due_on:%-d %B %Y} if at least one has. {so_far}"
        )

    @property
    def asked_count(self) -> int:
        return len(self.recipients.all())

    @property
    def answered_count(self) -> int:
        return sum(1 for recipient in self.recipients.all() if hasattr(recipient, "response"))


class AssuranceRecipient(models.Model):
    """One agency or group asked to answer a request; each answers for itself."""

    request = models.ForeignKey(
        AssuranceRequest, on_delete=models.CASCADE, related_name="recipients"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        PartnershipGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_chased_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(group__isnull=True))
                | (Q(agency__isnull=True) & Q(group__isnull=False)),
                name="recipient_is_an_agency_or_a_group",
            ),
            models.UniqueConstraint(fields=["request", "agency"], name="agency_asked_once"),
            models.UniqueConstraint(fields=["request", "group"], name="group_asked_once"),
        ]

    def __str__(self) -> str:
        return str(self.agency or self.group)


class AssuranceResponse(models.Model):
    """An agency's or group's answer: narrative, links, and evidence files."""

    recipient = models.OneToOneField(
        AssuranceRecipient, on_delete=models.PROTECT, related_name="response"
    )
    narrative = models.TextField()
    links = models.TextField(blank=True, help_text="One web address per line")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)
    # An answer belongs to whoever gave it; the asking group may choose to let the other
    # agencies asked read it too (the choice is recorded in the audit trail).
    shared_with_recipients = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Response from {self.recipient}"


class EvidenceFile(models.Model):
    """A file sent as evidence, stored outside the web root and served only by permission."""

    response = models.ForeignKey(AssuranceResponse, on_delete=models.PROTECT, related_name="files")
    # Encrypted at rest: an agency's evidence is readable only through the platform.
    file = models.FileField(upload_to="evidence/%Y/%m/", storage=encrypted_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class RepresentationWanted(models.Model):
    """A kind of agency the partnership wants on a group, so a missing one shows as a gap."""

    group = models.ForeignKey(
        PartnershipGroup, on_delete=models.CASCADE, related_name="representation_wanted"
    )
    agency_kind = models.CharField(max_length=30, choices=Agency.Kind.choices)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["group", "agency_kind"]
        constraints = [
            models.UniqueConstraint(fields=["group", "agency_kind"], name="kind_wanted_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_kind_display()} on {self.group}"


class PublishedReport(models.Model):
    """One edition of a year's annual report as it was published: its text and its PDF,
    kept for ever and served as published. A later edition supersedes it; both are kept."""

    year = models.ForeignKey(PartnershipYear, on_delete=models.PROTECT, related_name="editions")
    edition = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The report's sections as HTML, drawn once by the platform's own escaping templates.
    body_html = models.TextField()
    body_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="reports/")
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["year", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["year", "edition"], name="one_edition_number")
        ]

    def __str__(self) -> str:
        return f"Annual report {self.year} (edition {self.edition})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A published report cannot be changed: publish a new edition.")
        super().save(*args, **kwargs)
