"""Every write in `returns`: the calendar of returns owed, and receiving submissions."""

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.accounts.queries import agency_leads
from safeguarding.accounts.services import demo_accounts_work
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, REMINDER_SENT
from safeguarding.core.mail import absolute, send_to_people
from safeguarding.core.models import Agency, Locality
from safeguarding.core.roles import led_agency_id
from safeguarding.core.services import log_action
from safeguarding.core.services import record_read as audit_record_read
from safeguarding.core.storage import encrypted_storage
from safeguarding.core.text_limits import LONG_TEXT
from safeguarding.returns.models import ApiToken, ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.records import record_read, record_write
from safeguarding.returns.refusals import (
    SubmissionNeedsConfirmation,
    SubmissionRefused,
    narrative_needed,
)
from safeguarding.returns.signals import return_accepted
from safeguarding.returns.validation import (
    ReturnRefused,
    ReturnSpec,
    ValidationReport,
    aggregate_spec,
    child_level_spec,
    error_file,
    load_code_list,
    minimise,
    read_dates,
    read_table,
    validate,
    what_is_lost,
)
from safeguarding.returns.validation.keys import typed_record


@transaction.atomic
def obligations_create(
    *, template: ReturnTemplate, period_start: date, period_end: date, due_on: date
) -> int:
    """Every active agency of the kinds a template is for owes it for the period.

    Existing obligations are kept as they are; returns how many were added.
    """
    added = 0
    for agency in Agency.objects.filter(is_active=True, kind__in=template.agency_kinds):
        _, created = ReturnObligation.objects.get_or_create(
            agency=agency,
            template=template,
            period_start=period_start,
            defaults={"period_end": period_end, "due_on": due_on},
        )
        added += created
    return added


def return_spec(obligation: ReturnObligation) -> ReturnSpec:
    """What a return for this obligation must look like, from the catalogue and code lists."""
    template = obligation.template
    localities = frozenset(Locality.objects.values_list("code", flat=True))
    if template.kind == ReturnTemplate.Kind.CHILD_LEVEL:
        return child_level_spec(
            obligation.period_start,
            obligation.period_end,
            frozenset(template.event_types),
            code_lists={
                "locality": localities,
                "lead_agency": frozenset(Agency.objects.values_list("slug", flat=True)),
            },
        )
    indicators = list(template.indicators.prefetch_related("versions"))
    slugs = sorted({slug for i in indicators if i.current for slug in i.current.breakdowns})
    # Breakdown types are named as the child-level columns are: deprivation_decile.
    # Any shipped code list may be a breakdown (disability, primary need…), beside the
    # partnership's own localities.
    breakdowns = {
        slug.replace("-", "_"): localities if slug == "locality" else load_code_list(slug)
        for slug in slugs
    }
    return aggregate_spec(
        obligation.period_start,
        obligation.period_end,
        frozenset(i.code for i in indicators),
        breakdowns,
        # In the catalogue's order, so a pre-filled template reads as the catalogue does.
        breakdowns_by_indicator={
            i.code: [slug.replace("-", "_") for slug in (i.current.breakdowns if i.current else [])]
            for i in indicators
        },
    )


def _problem_summary(report: ValidationReport) -> dict[str, Any]:
    return {
        "total": report.total_problems,
        "notices": report.total_notices,
        "rules": [
            {
                "code": result.code,
                "title": result.rule.title,
                "severity": result.severity,
                "count": result.count,
                "examples": [
                    {"row": p.row, "column": p.column, "value": p.value, "message": p.message}
                    for p in result.examples
                ],
            }
            for result in report.failed
        ],
    }


@transaction.atomic
def submission_receive(
    *,
    actor: User,
    obligation: ReturnObligation,
    name: str,
    data: bytes,
    narrative: str,
    via_api: bool = False,
    confirm_loss: bool | str = False,
) -> Submission:
    """Check an upload and accept it, or record why it was rejected.

    A file that cannot be read raises `SubmissionRefused` and records nothing. A file with
    problems is recorded as rejected, with every problem counted by rule and the error
    file kept; what was accepted before stays as it is. A valid file that lacks rows the
    accepted return has (whole breakdowns, periods, indicators, or single rows) raises
    `SubmissionNeedsConfirmation`, recording nothing, unless `confirm_loss` is True or
    the token that refusal gave. A valid file needs its narrative (else
    `SubmissionRefused`), and is then minimised, written once as a file of record and
    accepted, superseding (never overwriting) the return accepted before it.
    """
    if len(narrative) > LONG_TEXT:
        # The form says so too (TextLimits); this holds for the API and any other door.
        raise SubmissionRefused(
            f"The narrative must be {LONG_TEXT:,} characters or fewer. It has {len(narrative):,}",
            field="narrative",
        )
    spec = return_spec(obligation)
    try:
        # Dates in date and month columns as those columns take them: Excel makes 2026-09
        # typed into a General cell the date 1 September 2026.
        frame = read_dates(read_table(name=name, data=data), spec)
    except ReturnRefused as error:
        raise SubmissionRefused(str(error)) from error
    report = validate(frame, spec)
    submission = Submission(
        obligation=obligation,
        submitted_by=actor,
        via_api=via_api,
        original_name=name[:255],
        upload_sha256=hashlib.sha256(data).hexdigest(),
        row_count=report.rows,
        problem_count=report.total_problems,
        problems=_problem_summary(report),
    )
    if not report.is_valid:
        submission.status = Submission.Status.REJECTED
        submission.save()
        # Encrypted at rest: it carries values from the rejected rows, child-level ones too.
        encrypted_storage().save(error_file_name(submission), ContentFile(error_file(report)))
        # Read from the database: an accepted return stays accepted whatever comes after.
        ReturnObligation.objects.filter(pk=obligation.pk).exclude(
            status=ReturnObligation.Status.ACCEPTED
        ).update(status=ReturnObligation.Status.REJECTED)
        log_action(
            actor=actor,
            action=RECORD_CREATED,
            target=submission,
            changes={"status": [None, "rejected"], "problems": [None, report.total_problems]},
        )
        return submission
    record = typed_record(minimise(frame, spec), spec)
    # Locked before comparing, so the return compared with is the one superseded.
    obligation = ReturnObligation.objects.select_for_update().get(pk=obligation.pk)
    previous = obligation.submissions.filter(status=Submission.Status.ACCEPTED).first()
    loss = what_is_lost(record_read(previous.record_path), record, spec) if previous else None
    if previous is not None and loss:
        token = f"{previous.pk}-{submission.upload_sha256}"
        confirmed = confirm_loss is True or confirm_loss == token
        if not confirmed or not narrative.strip():
            raise SubmissionNeedsConfirmation(
                name=name,
                loss=loss,
                token=token,
                confirmed=confirmed,
                narrative_missing=not narrative.strip(),
            )
    if not narrative.strip():
        raise SubmissionRefused(narrative_needed(name), field="narrative")
    record_path, record_sha256 = record_write(record)
    if previous is not None:
        previous.status = Submission.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    submission.status = Submission.Status.ACCEPTED
    submission.narrative = narrative.strip()
    submission.record_path = record_path
    submission.record_sha256 = record_sha256
    submission.save()
    if previous is not None:
        previous.superseded_by = submission
        previous.save(update_fields=["superseded_by"])
    obligation.status = ReturnObligation.Status.ACCEPTED
    obligation.save(update_fields=["status"])
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=submission,
        changes={
            "status": [None, "accepted"],
            "rows": [None, report.rows],
            "file of record": [None, record_sha256],
            "supersedes": [None, previous.pk if previous else None],
            # What the sender confirmed losing, when the accepted return had more.
            **({"loses": [None, loss.as_dict()]} if loss else {}),
        },
    )
    return_accepted.send(sender=Submission, submission=submission, superseded=previous)
    return submission


def error_file_name(submission: Submission) -> str:
    """Where a rejected submission's error file is kept (outside the web root)."""
    return f"return-errors/{submission.pk}-{submission.upload_sha256[:12]}.csv"


def error_file_exists(submission: Submission) -> bool:
    """Whether a rejected submission has its error file."""
    return submission.status == Submission.Status.REJECTED and encrypted_storage().exists(
        error_file_name(submission)
    )


def error_file_read(submission: Submission) -> bytes | None:
    """A rejected submission's error file, decrypted, or None if it has none."""
    if not error_file_exists(submission):
        return None
    with encrypted_storage().open(error_file_name(submission)) as stored:
        return bytes(stored.read())


def submission_file_downloaded(*, actor: User, submission: Submission) -> None:
    """Record that someone took a submission's error file or its accepted data: both
    carry child-level values."""
    audit_record_read(actor=actor, record=submission, exported=True)


API_KEY_PREFIX = "spp_"


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor: User, person: User, name: str) -> tuple[str, ApiToken]:
    """Issue an API key for an agency lead's system; return the key (shown once) and its row."""
    agency_id = led_agency_id(person)
    if agency_id is None:
        raise SubmissionRefused("API keys are issued to active agency leads only", field="person")
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        agency_id=agency_id,
        role=person.role,
        name=name.strip()[:100],
        key_sha256=api_key_hash(key),
    )
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=token,
        changes={"for": [None, person.email], "agency": [None, str(person.agency)]},
    )
    return key, token


def api_token_authenticate(key: str) -> ApiToken | None:
    """The live token for a key, or None; using it records when it was last used.

    A key works only for an active person still of the agency and role it was issued
    for, and a demo account's key only while the demo accounts work."""
    if not key.startswith(API_KEY_PREFIX):
        return None
    live = ApiToken.objects.filter(
        key_sha256=api_key_hash(key),
        revoked_at__isnull=True,
        person__is_active=True,
        person__agency=F("agency"),
        person__role=F("role"),
    )
    if not demo_accounts_work():
        live = live.filter(person__is_demo=False)
    token = live.select_related("person", "person__agency").first()
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, reason: str = "") -> None:
    """Stop a key working at once; the row stays, so its history does too."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        changes: dict[str, Any] = {"revoked": [False, True]}
        if reason:
            changes["why"] = reason
        log_action(actor=actor, action=RECORD_CHANGED, target=token, changes=changes)


def api_tokens_revoke_for(*, actor: User, person: Any, reason: str, **kwargs: Any) -> int:
    """Revoke every live key of a person whose role or agency changed or who can no
    longer sign in (a receiver of `accounts.services.person_access_changed`)."""
    live = list(ApiToken.objects.filter(person=person, revoked_at__isnull=True))
    for token in live:
        api_token_revoke(actor=actor, token=token, reason=reason)
    return len(live)


# Returns due within this many days are reminded of; each at most once in this many days.
REMIND_BEFORE_DAYS = 7
REMIND_EVERY_DAYS = 7


@transaction.atomic
def returns_remind(*, today: date | None = None) -> dict[str, int]:
    """Remind agency leads of returns due within a week or late, at most once a week each."""
    today = today or timezone.localdate()
    owed = list(
        ReturnObligation.objects.exclude(status=ReturnObligation.Status.ACCEPTED)
        .filter(due_on__lte=today + timedelta(days=REMIND_BEFORE_DAYS))
        .filter(
            Q(last_reminded_on__isnull=True)
            | Q(last_reminded_on__lte=today - timedelta(days=REMIND_EVERY_DAYS))
        )
        .select_related("agency", "template")
    )
    emails = 0
    for obligation in owed:
        late = obligation.due_on < today
        emails += send_to_people(
            subject=f"{'Late' if late else 'Due soon'}: {obligation.template.title}",
            template="returns/email/reminder.txt",
            context={
                "obligation": obligation,
                "late": late,
                "link": absolute(reverse("returns:obligation", args=[obligation.pk])),
            },
            to=agency_leads(obligation.agency),
        )
    ReturnObligation.objects.filter(pk__in=[o.pk for o in owed]).update(last_reminded_on=today)
    if owed:
        log_action(
            actor=None,
            action=REMINDER_SENT,
            target_type="returns.reminder",
            target_label=f"Reminded agencies of {len(owed)} returns",
            changes={"returns": [o.pk for o in owed], "emails": emails},
        )
    return {"returns": len(owed), "emails": emails}


def error_files_rotate() -> int:
    """Encrypt every rejected return's error file again with the first configured key."""
    storage = encrypted_storage()
    if not storage.exists("return-errors"):
        return 0
    _, names = storage.listdir("return-errors")
    for name in names:
        storage.save_encrypted_again(f"return-errors/{name}")
    return len(names)
