"""Reference data insight needs beside the returns: the population the rates are per, the
published figures the partnership compares itself with, and its disclosure policy.

Population tables and published figures are loaded from files and never edited in place:
loading a new one makes it current and keeps the one before, so every figure ever shown
can be traced to the table it was worked out from.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguarding.insight.suppression import DEFAULT_POLICY, POLICIES


class LoadedFile(models.Model):
    """What every loaded reference file records: what it is, where it came from, who
    loaded it and when, and whether it is the one in use."""

    title = models.CharField(max_length=200)
    source = models.CharField(max_length=300, help_text="Where the figures come from")
    is_illustrative = models.BooleanField(
        default=False, help_text="Made-up figures for trying the platform, not real ones"
    )
    original_name = models.CharField(max_length=255)
    row_count = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["-loaded_at", "-pk"]


class PopulationTable(LoadedFile):
    """Children living in the area, by some of age band, sex, ethnicity, deprivation
    decile and locality, kept as a Parquet file of record like a return."""

    year = models.PositiveSmallIntegerField(help_text="The year the estimate is for")
    dimensions = models.JSONField(default=list)
    children = models.PositiveIntegerField(default=0)
    record_path = models.CharField(max_length=300)
    record_sha256 = models.CharField(max_length=64)

    class Meta(LoadedFile.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_population"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PublishedFigureSet(LoadedFile):
    """A file of published figures (England, statistical neighbours, the region) loaded
    at once. The newest set is the one pages compare with."""

    class Meta(LoadedFile.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_figure_set"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PublishedFigure(models.Model):
    class Comparator(models.TextChoices):
        ENGLAND = "england", "England"
        NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
        REGION = "region", "Region"

    figure_set = models.ForeignKey(
        PublishedFigureSet, on_delete=models.PROTECT, related_name="figures"
    )
    indicator_code = models.CharField(max_length=40)
    # The last month of the period the figure covers, as YYYY-MM, so it sits on the same
    # axis as the returns.
    period = models.CharField(max_length=7)
    comparator = models.CharField(max_length=30, choices=Comparator.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["indicator_code", "comparator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure_set", "indicator_code", "period", "comparator"],
                name="one_published_figure_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.period} {self.get_comparator_display()}"


class InsightSettings(models.Model):
    """The partnership's choices for every insight page and export (one row)."""

    disclosure_policy = models.CharField(
        max_length=10,
        choices=[(p.slug, p.label) for p in POLICIES.values()],
        default=DEFAULT_POLICY.slug,
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name_plural = "insight settings"

    def __str__(self) -> str:
        return f"Disclosure policy: {self.get_disclosure_policy_display()}"
