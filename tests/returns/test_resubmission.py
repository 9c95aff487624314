"""A corrected return that leaves out rows of the accepted one never replaces it silently:
the sender is shown what would be lost, and it is accepted only once they confirm."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, AuditEntry, Locality
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.refusals import SubmissionNeedsConfirmation
from safeguarding.returns.services import return_spec, submission_receive
from safeguarding.returns.template_files import expected_rows
from safeguarding.returns.validation import Loss, what_is_lost
from tests.returns.builders import aggregate, aggregate_frame, csv_bytes, pseudonym
from tests.returns.test_submissions import HEADER, police_csv

pytestmark = pytest.mark.django_db


def complete_rows(obligation: ReturnObligation, incidents: int = 10) -> list[list[str | None]]:
    """A complete return as an agency sends it from the pre-filled template: every row the
    template has, header first, with counts that add up (all of a breakdown's children in
    its first code)."""
    header: list[str | None] = list(HEADER)
    rows = [header]
    first_code_seen = set()
    for row in expected_rows(return_spec(obligation)):
        breakdown = (row["indicator"], row["breakdown_type"])
        count = 0
        if row["breakdown_value"] == "TOTAL" or breakdown not in first_code_seen:
            count = incidents
        first_code_seen.add(breakdown)
        values: list[str | None] = [row[name] for name in HEADER[:4]]
        rows.append([*values, str(count)])
    return rows


def complete_csv(obligation: ReturnObligation, incidents: int = 10) -> bytes:
    return csv_bytes(complete_rows(obligation, incidents))


def headline_csv(obligation: ReturnObligation, incidents: int = 10) -> bytes:
    """The headline total of each indicator and nothing else: one row an indicator."""
    rows = complete_rows(obligation, incidents)
    return csv_bytes([rows[0]] + [row for row in rows[1:] if row[2] == "all"])


def accept(obligation: ReturnObligation, actor: User, data: bytes) -> Submission:
    submission = submission_receive(
        actor=actor, obligation=obligation, name="complete.csv", data=data, narrative="All of it"
    )
    assert submission.status == Submission.Status.ACCEPTED, submission.problems
    return submission


def needs_confirmation(
    obligation: ReturnObligation, actor: User, data: bytes, narrative: str = "Corrected"
) -> SubmissionNeedsConfirmation:
    with pytest.raises(SubmissionNeedsConfirmation) as raised:
        submission_receive(
            actor=actor, obligation=obligation, name="headline.csv", data=data, narrative=narrative
        )
    return raised.value


def test_a_headline_only_correction_does_not_replace_a_complete_return(
    police_return: ReturnObligation, lead: User, records: Path
) -> None:
    complete = accept(police_return, lead, complete_csv(police_return))
    files = sorted(records.rglob("*.parquet"))
    audit = AuditEntry.objects.count()

    refused = needs_confirmation(police_return, lead, headline_csv(police_return))

    loss = refused.loss
    assert complete.row_count > 200, "every indicator by every breakdown and code"
    assert (loss.accepted_rows, loss.sent_rows) == (complete.row_count, 4)
    assert loss.rows_lost == complete.row_count - 4
    breakdowns = {d.what: d.shown(100) for d in loss.dropped}["breakdowns"]
    for indicator in ("da-children-present", "da-schools-told", "ce-at-risk", "syv-victims"):
        for kind in ("ethnicity", "sex", "age_band", "deprivation_decile", "locality"):
            assert f"{indicator} by {kind}" in breakdowns
    assert [d.what for d in loss.dropped] == ["breakdowns"], "indicators and periods are kept"
    assert refused.field == "confirm_loss"
    assert "headline.csv passed every check" in str(refused)
    assert "ce-at-risk by ethnicity" in str(refused) and "rows" in str(refused)
    # Nothing changed: the complete return is still the accepted one.
    complete.refresh_from_db()
    assert complete.status == Submission.Status.ACCEPTED
    assert Submission.objects.filter(obligation=police_return).count() == 1
    assert sorted(records.rglob("*.parquet")) == files
    assert AuditEntry.objects.count() == audit


def test_the_sender_confirms_the_loss_and_the_correction_is_accepted(
    police_return: ReturnObligation, lead: User
) -> None:
    complete = accept(police_return, lead, complete_csv(police_return))
    refused = needs_confirmation(police_return, lead, headline_csv(police_return))

    correction = submission_receive(
        actor=lead,
        obligation=police_return,
        name="headline.csv",
        data=headline_csv(police_return),
        narrative="Only the totals are known this quarter",
        confirm_loss=refused.token,
    )

    assert correction.status == Submission.Status.ACCEPTED
    complete.refresh_from_db()
    assert (complete.status, complete.superseded_by) == (Submission.Status.SUPERSEDED, correction)
    entry = AuditEntry.objects.filter(target_id=str(correction.pk)).get()
    assert entry.changes["loses"][1]["rows_lost"] == complete.row_count - 4
    assert entry.changes["loses"][1]["left_out"][0]["what"] == "breakdowns"


def test_a_confirmation_holds_for_one_file_and_one_accepted_return(
    police_return: ReturnObligation, lead: User
) -> None:
    accept(police_return, lead, complete_csv(police_return))
    refused = needs_confirmation(police_return, lead, headline_csv(police_return))

    # Another file, with the first file's token: asked again, with a token of its own.
    other = needs_confirmation(police_return, lead, headline_csv(police_return, incidents=12))
    with pytest.raises(SubmissionNeedsConfirmation) as again:
        submission_receive(
            actor=lead,
            obligation=police_return,
            name="other.csv",
            data=headline_csv(police_return, incidents=12),
            narrative="Corrected",
            confirm_loss=refused.token,
        )
    assert again.value.token == other.token != refused.token
    # Text that is not the token never confirms, whatever it says.
    for text in ("True", "true", "1", "yes"):
        with pytest.raises(SubmissionNeedsConfirmation):
            submission_receive(
                actor=lead,
                obligation=police_return,
                name="headline.csv",
                data=headline_csv(police_return),
                narrative="Corrected",
                confirm_loss=text,
            )
    # Once another return is accepted, the old token no longer confirms anything.
    accept(police_return, lead, complete_csv(police_return, incidents=11))
    with pytest.raises(SubmissionNeedsConfirmation):
        submission_receive(
            actor=lead,
            obligation=police_return,
            name="headline.csv",
            data=headline_csv(police_return),
            narrative="Corrected",
            confirm_loss=refused.token,
        )
    assert Submission.objects.filter(status=Submission.Status.ACCEPTED).count() == 1


def test_a_complete_correction_is_accepted_without_asking(
    police_return: ReturnObligation, lead: User
) -> None:
    first = accept(police_return, lead, complete_csv(police_return))
    second = accept(police_return, lead, complete_csv(police_return, incidents=12))
    first.refresh_from_db()
    assert first.superseded_by == second


def test_a_correction_that_drops_a_period_names_it(
    police_return: ReturnObligation, lead: User
) -> None:
    two_months = police_csv() + police_csv().split(b"\r\n", 1)[1].replace(b"2026-08", b"2026-07")
    accept(police_return, lead, two_months)

    loss = needs_confirmation(police_return, lead, police_csv()).loss

    assert (loss.accepted_rows, loss.sent_rows, loss.rows_lost) == (16, 8, 8)
    assert {d.what: d.shown() for d in loss.dropped} == {"periods": ["2026-07"]}


def test_a_correction_without_its_narrative_asks_for_both(
    police_return: ReturnObligation, lead: User
) -> None:
    accept(police_return, lead, complete_csv(police_return))
    refused = needs_confirmation(police_return, lead, headline_csv(police_return), narrative=" ")
    assert refused.narrative_missing and refused.field == "confirm_loss"
    with pytest.raises(SubmissionNeedsConfirmation) as confirmed:
        submission_receive(
            actor=lead,
            obligation=police_return,
            name="headline.csv",
            data=headline_csv(police_return),
            narrative=" ",
            confirm_loss=refused.token,
        )
    # Confirmed: only the narrative is asked for, with the loss kept to show beside it.
    assert confirmed.value.field == "narrative" and "Add your narrative" in str(confirmed.value)
    assert confirmed.value.loss == refused.loss
    assert Submission.objects.filter(obligation=police_return).count() == 1


def test_a_child_level_correction_that_drops_events_names_their_type_and_month(
    records: Path,
) -> None:
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    obligation = ReturnObligation.objects.filter(
        template__code="child-events", agency__kind=Agency.Kind.CHILDRENS_SERVICES
    ).earliest("period_start")
    actor = User.objects.get(role=Role.BUSINESS_UNIT)
    locality = Locality.objects.order_by("code").first()
    assert locality is not None
    header = ["pseudonymous_id", "event_type", "event_date", "age", "sex", "ethnicity",
              "locality", "lead_agency"]  # fmt: skip

    def events(*kinds_and_days: tuple[str, int, int]) -> bytes:
        start = obligation.period_start
        return csv_bytes(
            [header]
            + [
                [
                    pseudonym(n),
                    kind,
                    start.replace(month=start.month + month, day=day).isoformat(),
                    "9",
                    "2",
                    "WBRI",
                    locality.code,
                    obligation.agency.slug,
                ]
                for n, (kind, month, day) in enumerate(kinds_and_days)
            ]
        )

    accept(obligation, actor, events(("referral", 0, 3), ("referral", 1, 4), ("assessment", 1, 9)))

    loss = needs_confirmation(obligation, actor, events(("referral", 0, 3))).loss

    assert loss.rows_lost == 2
    month = f"{obligation.period_start.replace(month=obligation.period_start.month + 1):%Y-%m}"
    assert {d.what: d.shown() for d in loss.dropped} == {
        "event types": ["assessment"],
        "months": [month],
    }


# The comparison itself, on frames as the files of record hold them.


def test_nothing_is_lost_by_changed_figures_or_reordered_rows() -> None:
    accepted = aggregate_frame()
    sent = accepted.reverse().with_columns(pl.lit("0").alias("count"))
    loss = what_is_lost(accepted, sent, aggregate())
    assert not loss and loss == Loss(7, 7, 0, ())


def test_a_dropped_indicator_is_named_once_not_by_each_breakdown() -> None:
    accepted = pl.concat(
        [aggregate_frame(), aggregate_frame().with_columns(pl.lit("CP_PLANS").alias("indicator"))]
    )
    loss = what_is_lost(accepted, aggregate_frame(), aggregate())
    assert loss.rows_lost == 7
    assert {d.what: d.shown() for d in loss.dropped} == {"indicators": ["CP_PLANS"]}
    assert "no rows at all for indicators: CP_PLANS" in loss.summary()


def test_an_accepted_file_that_cannot_be_matched_counts_as_all_lost() -> None:
    accepted = pl.DataFrame({"count": ["3"]})
    assert what_is_lost(accepted, aggregate_frame(), aggregate()).rows_lost == 1
