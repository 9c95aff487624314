"""Receiving a return: rejected with every problem counted, or accepted with its narrative
as a file of record that a resubmission supersedes but never overwrites."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, AuditEntry, Locality
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns import services
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.records import record_read
from safeguarding.returns.refusals import SubmissionRefused
from safeguarding.returns.services import error_file_read, submission_receive
from tests.returns.builders import csv_bytes, pseudonym

pytestmark = pytest.mark.django_db

HEADER = ["indicator", "period", "breakdown_type", "breakdown_value", "count"]


def police_csv(incidents: int = 10, *, female: int = 4) -> bytes:
    rows = [HEADER]
    for indicator in ("da-children-present", "ce-at-risk"):
        rows += [
            [indicator, "2026-08", "all", "TOTAL", str(incidents)],
            [indicator, "2026-08", "sex", "1", str(incidents - female)],
            [indicator, "2026-08", "sex", "2", str(female)],
            [indicator, "2026-08", "sex", "TOTAL", str(incidents)],
        ]
    return csv_bytes(rows)


def test_a_valid_return_with_its_narrative_is_accepted_as_a_file_of_record(
    police_return: ReturnObligation, lead: User, records: Path
) -> None:
    submission = submission_receive(
        actor=lead,
        obligation=police_return,
        name="q2.csv",
        data=police_csv(),
        narrative="Incidents fell after the schools notification scheme began.",
    )
    assert submission.status == Submission.Status.ACCEPTED
    assert (submission.row_count, submission.problem_count) == (8, 0)
    stored = record_read(submission.record_path)
    assert stored.height == 8
    assert stored.filter(pl.col("breakdown_type") == "all")["count"].to_list() == ["10", "10"]
    police_return.refresh_from_db()
    assert police_return.status == ReturnObligation.Status.ACCEPTED
    entry = AuditEntry.objects.get(target_type="returns.submission")
    assert entry.changes["file of record"] == [None, submission.record_sha256]


def test_a_resubmission_supersedes_and_every_version_stays(
    police_return: ReturnObligation, lead: User, records: Path
) -> None:
    first = submission_receive(
        actor=lead, obligation=police_return, name="q2.csv", data=police_csv(10), narrative="A"
    )
    second = submission_receive(
        actor=lead, obligation=police_return, name="q2b.csv", data=police_csv(12), narrative="B"
    )
    first.refresh_from_db()
    assert first.status == Submission.Status.SUPERSEDED
    assert first.superseded_by == second
    assert second.status == Submission.Status.ACCEPTED
    assert first.record_sha256 != second.record_sha256
    assert record_read(first.record_path)["count"].to_list()[0] == "10"
    assert record_read(second.record_path)["count"].to_list()[0] == "12"


def test_problems_are_counted_by_rule_and_nothing_accepted_is_lost(
    police_return: ReturnObligation, lead: User, records: Path
) -> None:
    accepted = submission_receive(
        actor=lead, obligation=police_return, name="ok.csv", data=police_csv(), narrative="A"
    )
    bad = police_csv().replace(b"ce-at-risk,2026-08,sex,2,4", b"ce-at-risk,2026-08,sex,2,-4")
    bad = bad.replace(b"da-children-present,2026-08,all", b"made-up,2026-08,all")
    rejected = submission_receive(
        actor=lead, obligation=police_return, name="bad.csv", data=bad, narrative="B"
    )
    assert rejected.status == Submission.Status.REJECTED
    counts = {rule["code"]: rule["count"] for rule in rejected.problems["rules"]}
    assert counts["negative_count"] == 1
    assert counts["code_not_in_list"] >= 1
    assert rejected.problem_count == rejected.problems["total"] > 0
    error_csv = error_file_read(rejected).decode("utf-8-sig")  # type: ignore[union-attr]
    assert "made-up" in error_csv and "negative_count" in error_csv
    accepted.refresh_from_db()
    assert accepted.status == Submission.Status.ACCEPTED
    police_return.refresh_from_db()
    assert police_return.status == ReturnObligation.Status.ACCEPTED


def test_a_valid_return_without_narrative_is_refused_and_nothing_is_kept(
    police_return: ReturnObligation, lead: User, records: Path
) -> None:
    with pytest.raises(SubmissionRefused, match="Add your narrative") as refused:
        submission_receive(
            actor=lead, obligation=police_return, name="q2.csv", data=police_csv(), narrative=" "
        )
    assert refused.value.field == "narrative"
    assert not Submission.objects.exists()
    assert not records.exists() or not list(records.rglob("*.parquet"))


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "empty.csv"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.csv"),
    ],
)
def test_an_unreadable_file_is_refused_and_records_nothing(
    police_return: ReturnObligation, lead: User, name: str, data: bytes, expected: str
) -> None:
    with pytest.raises(SubmissionRefused, match=expected):
        submission_receive(
            actor=lead, obligation=police_return, name=name, data=data, narrative="A"
        )
    assert not Submission.objects.exists()
    police_return.refresh_from_db()
    assert police_return.status == ReturnObligation.Status.NOT_STARTED


def test_a_crash_while_accepting_leaves_the_old_return_in_place(
    police_return: ReturnObligation, lead: User, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = submission_receive(
        actor=lead, obligation=police_return, name="q2.csv", data=police_csv(10), narrative="A"
    )

    def crash(**kwargs: object) -> None:
        raise RuntimeError("the power went off")

    monkeypatch.setattr(services, "log_action", crash)
    with pytest.raises(RuntimeError):
        submission_receive(
            actor=lead, obligation=police_return, name="q2b.csv", data=police_csv(12), narrative="B"
        )
    first.refresh_from_db()
    assert first.status == Submission.Status.ACCEPTED
    assert first.superseded_by is None
    assert Submission.objects.count() == 1


def test_child_level_events_are_minimised_before_they_are_stored(records: Path) -> None:
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    obligation = ReturnObligation.objects.filter(
        template__code="child-events", agency__kind=Agency.Kind.CHILDRENS_SERVICES
    ).earliest("period_start")
    locality = Locality.objects.order_by("code").first()
    assert locality is not None
    header = [
        "pseudonymous_id", "event_type", "event_date", "date_of_birth", "sex", "ethnicity",
        "locality", "deprivation_decile", "lead_agency",
    ]  # fmt: skip
    rows = [header] + [
        [
            pseudonym(n),
            "referral",
            obligation.period_start.replace(day=10).isoformat(),
            "2014-06-17",
            "2",
            "WBRI",
            locality.code,
            "3",
            obligation.agency.slug,
        ]
        for n in range(3)
    ]
    submission = submission_receive(
        actor=User.objects.get(role=Role.BUSINESS_UNIT),
        obligation=obligation,
        name="events.csv",
        data=csv_bytes(rows),
        narrative="Three referrals",
    )
    assert submission.status == Submission.Status.ACCEPTED, submission.problems
    stored = record_read(submission.record_path)
    assert stored["date_of_birth"].to_list() == ["2014-06"] * 3
