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


class Embedding(models.Model):
    """A text's embedding by the local model, kept so no text is embedded twice.

    Keyed by the SHA-256 of the text and the model's name, never the text itself: the
    record the text belongs to keeps the words, and a vector made by another model (or
    another version) is another row, never mixed with these. `vector` is the model's
    numbers as little-endian 32-bit floats.
    """

    text_sha256 = models.CharField(max_length=64)
    model_name = models.CharField(max_length=100)
    dimension = models.PositiveSmallIntegerField()
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["text_sha256", "model_name"], name="assist_embedding_once_per_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_name} {self.text_sha256[:12]}"
