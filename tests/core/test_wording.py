"""The audit trail and history panels in people's words, not stored JSON."""

import pytest

from safeguarding.core.templatetags.govuk import sentence
from safeguarding.core.wording import field_in_words, in_words, record_kind_name, value_in_words


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        (
            ["Northshire Police", "Northgate Voluntary Action"],
            "Northshire Police and Northgate Voluntary Action",
        ),
        (["A", "B", "C"], "A, B and C"),
        (["Only one"], "Only one"),
        (True, "Yes"),
        (False, "No"),
        (None, "(blank)"),
        ("", "(blank)"),
        ([], "(blank)"),
        (0.5, "0.5"),
        ({"two_factor": "wrong code"}, "two_factor: wrong code"),
    ],
)
def test_a_stored_value_reads_as_words(stored: object, read: str) -> None:
    assert in_words(stored) == read


def test_a_kind_of_record_reads_by_its_name() -> None:
    assert record_kind_name("governance.assurancerequest") == "Assurance request"
    assert record_kind_name("accounts.user") == "User"
    # A kind the code no longer has keeps its code rather than failing the page.
    assert record_kind_name("gone.thing") == "gone.thing"
    assert record_kind_name("") == ""


def test_a_field_and_a_choice_read_by_their_labels() -> None:
    assert field_in_words("governance.action", "progress_note") == "Progress note"
    assert field_in_words("governance.action", "not a field") == "Not a field"
    assert value_in_words("governance.action", "status", "not_started") == "Not started"
    assert value_in_words("governance.action", "status", "something else") == "something else"


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("Practitioners see the home", "Practitioners see the home."),
        ("Practitioners see the home.", "Practitioners see the home."),
        ("Do we hear the child?", "Do we hear the child?"),
        ("Listen!", "Listen!"),
        ("Shortened…", "Shortened…"),
        ("", ""),
    ],
)
def test_a_summary_is_ended_as_a_sentence_once(text: str, ended: str) -> None:
    assert sentence(text) == ended
