"""The morning's work: every app's registered job runs from one task, one failing job
does not stop the others, and the command says what each did."""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command

from safeguarding.core import morning
from safeguarding.core.morning import morning_jobs, register_morning_job
from safeguarding.core.tasks import morning_jobs_run


@pytest.fixture
def jobs_kept() -> Iterator[None]:
    """Put the apps' own registrations back after a test registers its own."""
    kept = dict(morning._jobs)
    yield
    morning._jobs.clear()
    morning._jobs.update(kept)


def test_every_app_registers_its_morning_job() -> None:
    names = [job.name for job in morning_jobs()]
    assert names == ["governance.chase", "returns.reminders"]


def test_a_job_name_must_say_its_app(jobs_kept: None) -> None:
    with pytest.raises(ValueError, match="namespaced by its app, not 'chase'"):
        register_morning_job("chase", "Chasing", lambda: {})


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_others_still_run(
    jobs_kept: None, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> dict[str, int]:
        raise RuntimeError("the mail server is down")

    morning._jobs.clear()
    register_morning_job("testapp.broken", "A broken job", broken)
    register_morning_job("testapp.counting", "Counting", lambda: {"counted": 3})

    summary = morning_jobs_run()

    assert summary == {
        "testapp.broken": {"failed": "RuntimeError: the mail server is down"},
        "testapp.counting": {"counted": 3},
    }
    assert "The morning job testapp.broken failed" in caplog.text


@pytest.mark.django_db
def test_the_command_runs_the_morning_work_now_and_says_what_each_job_did(
    jobs_kept: None,
) -> None:
    morning._jobs.clear()
    register_morning_job("testapp.counting", "Counting", lambda: {"counted": 3, "emails": 1})
    register_morning_job("testapp.idle", "Idling", lambda: {})
    out = StringIO()

    call_command("morning_work", stdout=out)

    assert out.getvalue().splitlines() == ["Counting: counted 3, emails 1", "Idling: nothing to do"]


@pytest.mark.django_db
def test_the_command_books_the_morning_work_once() -> None:
    said = []
    for _ in range(2):
        out = StringIO()
        call_command("morning_work", "--schedule", stdout=out)
        said.append(out.getvalue().strip())
    assert said == ["Morning work booked", "Morning work already booked"]
