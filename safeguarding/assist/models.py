"""What assist keeps: documents read for what they propose."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.governance.models import PartnershipYear


class DocumentImport(models.Model):
    """A partnership document read for what it proposes. Nothing it proposes exists until a
    person reviews the proposal and accepts it.

    `proposal` is a `Proposal` as `importing.stored.proposal_to_json` writes it; read it
    back with `proposal_from_json`, never as a bare dict.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DISCARDED = "discarded", "Discarded"

    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    proposal = models.JSONField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    year = models.ForeignKey(
        PartnershipYear, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Made by governance before assist existed; the table kept its name when the model
        # moved (governance 0008, assist 0001), so no row was copied or lost.
        db_table = "governance_documentimport"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
