"""The audit trail's open list of verbs: each app registers its own with the words the
trail shows, `log_action` refuses what nobody registered or a kind of record named
another way, and a new verb needs no migration."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safeguarding.accounts import audit_verbs as accounts_verbs
from safeguarding.core import audit_verbs
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_EXPORTED, RECORD_VIEWED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.services import log_action
from tests.core import audit_verbs_for_tests
from tests.pages import text

pytestmark = pytest.mark.django_db


def test_a_registered_verb_has_its_words(verb_registry: object) -> None:
    code = audit_verbs.register(code="tests_only.thing.weighed", label="Weighed a thing")

    assert code == "tests_only.thing.weighed"
    assert audit_verbs.is_registered(code)
    assert audit_verbs.label_of(code) == "Weighed a thing"
    assert ("tests_only.thing.weighed", "Weighed a thing") in [
        (verb.code, verb.label) for verb in audit_verbs.verbs()
    ]


def test_core_and_accounts_register_their_own_verbs() -> None:
    assert audit_verbs.label_of(RECORD_VIEWED) == "Viewed"
    assert audit_verbs.label_of(audit_verbs.AUDIT_RESEALED) == "Resealed the audit trail"
    assert audit_verbs.label_of(accounts_verbs.SIGNED_IN) == "Signed in"
    assert accounts_verbs.SIGN_IN_FAILED == "accounts.sign_in_failed"


def test_a_code_nobody_registers_any_more_is_shown_as_it_is() -> None:
    assert audit_verbs.label_of("retired.thing.done") == "retired.thing.done"
    entry = AuditEntry(action="retired.thing.done")
    assert entry.action_label == "retired.thing.done"


def test_registering_again_with_the_same_words_changes_nothing(verb_registry: object) -> None:
    audit_verbs.register(code="tests_only.thing.weighed", label="Weighed a thing")
    audit_verbs.register(code="tests_only.thing.weighed", label="Weighed a thing")

    assert audit_verbs.label_of("tests_only.thing.weighed") == "Weighed a thing"


def test_registering_a_code_again_with_other_words_is_refused(verb_registry: object) -> None:
    audit_verbs.register(code="tests_only.thing.weighed", label="Weighed a thing")

    with pytest.raises(ValueError, match="already registered as 'Weighed a thing'"):
        audit_verbs.register(code="tests_only.thing.weighed", label="Measured a thing")
    assert audit_verbs.label_of("tests_only.thing.weighed") == "Weighed a thing"


@pytest.mark.parametrize("code", ["weighed", "Tests.Thing", "tests thing.done", "tests.", ""])
def test_a_code_that_is_not_namespaced_is_refused(verb_registry: object, code: str) -> None:
    with pytest.raises(ValueError, match="not namespaced"):
        audit_verbs.register(code=code, label="Something")


def test_log_action_refuses_a_verb_nobody_registered() -> None:
    with pytest.raises(ValueError, match=r"'tests_only\.never\.registered' is not registered"):
        log_action(actor=None, action="tests_only.never.registered", target_label="x")
    # The old, bare codes are not verbs any more.
    with pytest.raises(ValueError, match="'view' is not registered"):
        log_action(actor=None, action="view", target_label="x")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "target_type", ["insight table", "Insight.Table", "insight", "insight.table.row", "a-b.c"]
)
def test_log_action_refuses_a_kind_of_record_named_another_way(target_type: str) -> None:
    with pytest.raises(ValueError, match=r"does not follow app_label\.model_name"):
        log_action(actor=None, action=RECORD_EXPORTED, target_type=target_type)
    assert not AuditEntry.objects.exists()


def test_log_action_names_a_record_by_its_model(agencies: dict[str, Agency]) -> None:
    agency = next(iter(agencies.values()))

    entry = log_action(actor=None, action=RECORD_CHANGED, target=agency)

    assert entry.target_type == "core.agency"
    assert entry.target_id == str(agency.pk)


def test_a_verb_a_later_app_registers_is_taken_with_no_migration(
    verb_registry: object, business_unit_client: Client
) -> None:
    audit_verbs_for_tests.register_verbs()

    entry = log_action(
        actor=None,
        action=audit_verbs_for_tests.WIDGET_POLISHED,
        target_type="tests_only.widget",
        target_label="The blue widget",
    )

    assert AuditEntry.objects.get(pk=entry.pk).action == "tests_only.widget.polished"
    # The model has no list of verbs, so makemigrations has nothing to write.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
    # The trail's search offers it, and shows the entry in its words.
    page = business_unit_client.get(
        reverse("core:audit-list"), {"action": audit_verbs_for_tests.WIDGET_POLISHED}
    )
    assert page.status_code == 200
    assert "Polished a widget" in text(page)
    assert "The blue widget" in text(page)
