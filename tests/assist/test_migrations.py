"""Document import moved from governance to assist without copying or losing a row: the
table stays `governance_documentimport`, and its content type follows the model."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safeguarding.assist.importing.stored import proposal_from_json
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.models import PartnershipYear

GOVERNANCE_BEFORE = ("governance", "0007_year_label_in_addresses")
BEFORE: list[tuple[str, str | None]] = [GOVERNANCE_BEFORE, ("assist", None)]
KEPT = {
    "priorities": [{"title": "Family help", "golden_thread": True}],
    "strands": [],
    "planned_work": [],
    "learning_points": [],
    "year_label": "2025-26",
    "golden_thread_statement": None,
    "warnings": [],
}


@pytest.mark.django_db(transaction=True)
def test_imports_made_in_governance_are_kept_by_assist() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(GOVERNANCE_BEFORE).apps
    OldImport = old.get_model("governance", "DocumentImport")
    OldYear = old.get_model("governance", "PartnershipYear")
    person = factories.person("importer@testford.example", Role.BUSINESS_UNIT)
    year = OldYear.objects.create(label="2025-26", starts_on="2025-04-01", ends_on="2026-03-31")
    fields = {"size": 3, "sha256": "0" * 64, "text": "Priorities", "created_by_id": person.pk}
    accepted = OldImport.objects.create(
        original_name="plan.docx", proposal=KEPT, status="accepted", year_id=year.pk, **fields
    )
    waiting = OldImport.objects.create(original_name="learning.pdf", proposal=KEPT, **fields)
    # As a migrate before the move left it: the model's content type under governance.
    ContentType.objects.get_or_create(app_label="governance", model="documentimport")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert DocumentImport._meta.db_table == "governance_documentimport"
    moved = DocumentImport.objects.get(pk=accepted.pk)
    assert (moved.original_name, moved.status) == ("plan.docx", DocumentImport.Status.ACCEPTED)
    assert moved.year == PartnershipYear.objects.get(pk=year.pk)
    assert moved.created_by_id == person.pk
    assert proposal_from_json(moved.proposal).priorities[0].title == "Family help"
    assert DocumentImport.objects.get(pk=waiting.pk).status == DocumentImport.Status.PROPOSED
    assert DocumentImport.objects.count() == 2
    ContentType.objects.clear_cache()
    assert not ContentType.objects.filter(app_label="governance", model="documentimport")
    assert ContentType.objects.get_for_model(DocumentImport).app_label == "assist"


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_and_made_again() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert "governance_documentimport" in connection.introspection.table_names()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert "governance_documentimport" in connection.introspection.table_names()
