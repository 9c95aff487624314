"""The assurance cycle over HTTP: a group asks, agencies answer with evidence, the group judges.

And every way of getting it wrong, each of which must change nothing.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, RECORD_VIEWED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.governance.assurance import services as assurance_services
from safeguarding.governance.errors import GovernanceError
from safeguarding.governance.models import (
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
)
from tests.conftest import sign_in
from tests.governance.conftest import (
    STAFF_HOME,
    answer_url,
    ask,
    assert_refused,
    audit_of,
    days_from_today,
    download_url,
    files_under,
    filled,
    heading,
    history_lines,
    pdf,
    request_create_url,
    request_form,
    request_url,
    today,
)
from tests.governance.records import PDF_BYTES, GovernanceRecords
from tests.pages import error_summary, one, page, text

CaptureOnCommit = Callable[..., Any]


def judge_url(request: AssuranceRequest) -> str:
    return reverse("governance:request-judge", args=[request.pk])


def home(client: Client) -> BeautifulSoup:
    response = client.get(STAFF_HOME)
    assert response.status_code == 200
    return page(response)


def list_under(document: BeautifulSoup, wording: str) -> Tag | None:
    """The list after the staff home's heading with this text, if the heading is there."""
    found = heading(document, wording, level="h3")
    if found is None:
        return None
    following = found.find_next_sibling("ul")
    assert isinstance(following, Tag)
    return following


def links_in(element: Tag | None) -> list[str]:
    return [] if element is None else [str(a["href"]) for a in element.select("a")]


# The whole cycle ---------------------------------------------------------------------------


def test_the_whole_assurance_cycle_over_http(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    police_lead: User,
    media_root: Path,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    chair_user, lead = people[Role.GROUP_CHAIR], people[Role.AGENCY_LEAD]
    chair, council_lead = client_as(Role.GROUP_CHAIR), client_as(Role.AGENCY_LEAD)
    due = days_from_today(21)

    # 1. The chair asks the council and the police.
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(
            request_create_url(group),
            request_form(
                agencies=[agencies["council"], agencies["police"]],
                due_on=due.isoformat(),
                golden_thread="on",
            ),
        )

    request = AssuranceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request_url(request)
    assert request.asked_by == group
    assert request.created_by == chair_user
    assert request.due_on == due
    assert request.golden_thread is True
    assert request.judgement == ""
    council_asked = AssuranceRecipient.objects.get(request=request, agency=agencies["council"])
    police_asked = AssuranceRecipient.objects.get(request=request, agency=agencies["police"])
    assert request.recipients.count() == 2
    assert {tuple(m.to) for m in mail.outbox} == {(lead.email,), (police_lead.email,)}
    council_mail = next(m for m in mail.outbox if m.to == [lead.email])
    assert council_mail.subject.startswith("Performance Subgroup asks for assurance by")
    assert "Testford Council" in council_mail.body
    assert request_url(request) in council_mail.body
    mail.outbox.clear()

    # 2. The council's agency lead finds it waiting on the staff home.
    waiting = list_under(home(council_lead), "Requests for assurance to answer")
    assert links_in(waiting) == [answer_url(council_asked)]
    assert council_lead.get(answer_url(council_asked)).status_code == 200

    # 3. … and answers with narrative, links and a real PDF.
    with django_capture_on_commit_callbacks(execute=True):
        response = council_lead.post(
            answer_url(council_asked),
            {
                "narrative": "  Our early help audit shows plans are reviewed monthly.  ",
                "links": "https://example.org/audit\n\nhttps://example.org/plan ",
                "evidence_files": [pdf("Early help audit.pdf")],
            },
        )

    assert response.status_code == 302
    assert response["Location"] == request_url(request)
    answer = AssuranceResponse.objects.get(recipient=council_asked)
    assert answer.narrative == "Our early help audit shows plans are reviewed monthly."
    assert answer.links == "https://example.org/audit\nhttps://example.org/plan"
    assert answer.responded_by == lead
    evidence = EvidenceFile.objects.get(response=answer)
    assert evidence.original_name == "Early help audit.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF_BYTES)
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media_root)
    # Encrypted at rest, and owner-only: the bytes on disk are not the PDF.
    assert b"%PDF" not in stored.read_bytes()
    assert stored.stat().st_mode & 0o777 == 0o600
    with evidence.file.open("rb") as opened:
        assert opened.read() == PDF_BYTES
    assert "Early help audit" not in stored.name  # the sender's name never reaches the disk
    assert files_under(media_root) == [stored]
    assert [m.to for m in mail.outbox] == [[chair_user.email]]
    assert mail.outbox[0].subject == "Testford Council has answered your request for assurance"
    mail.outbox.clear()

    # The council has answered, so it no longer waits on the lead's home; the police have
    # not, so the chair is not asked to judge yet.
    assert list_under(home(council_lead), "Requests for assurance to answer") is None
    assert list_under(home(chair), "Answers waiting for your group's judgement") is None

    # 4. Once the police have answered too, the chair is asked to judge.
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(Client(), police_lead).post(
            answer_url(police_asked), {"narrative": "Our figures are in the link.", "links": ""}
        )
    assert response.status_code == 302
    assert AssuranceResponse.objects.filter(recipient=police_asked).exists()
    waiting = list_under(home(chair), "Answers waiting for your group's judgement")
    assert links_in(waiting) == [request_url(request)]
    assert waiting is not None
    assert "Performance Subgroup, 2 of 2 answered" in text(waiting)

    detail = chair.get(request_url(request))
    assert one(detail, f'a[href="{judge_url(request)}"]')
    assert "Answers (2 of 2)" in text(detail)
    assert "Our early help audit shows plans are reviewed monthly." in text(detail)
    assert text(one(detail, f'a[href="{download_url(evidence)}"]')) == "Early help audit.pdf"

    # 5. The chair records the group's judgement.
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(
            judge_url(request),
            {
                "judgement": "partly_assured",
                "reason": "Plans are reviewed, but no one measures outcomes.",
                "follow_up": "Ask again in six months with outcome data.",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == request_url(request)
    request.refresh_from_db()
    assert request.judgement == AssuranceRequest.Judgement.PARTLY_ASSURED
    assert request.judgement_reason == "Plans are reviewed, but no one measures outcomes."
    assert request.follow_up == "Ask again in six months with outcome data."
    assert request.judged_by == chair_user
    assert request.judged_at is not None

    detail = chair.get(request_url(request))
    shown = text(detail)
    assert "Partly assured" in text(one(detail, ".govuk-tag--yellow"))
    assert "Plans are reviewed, but no one measures outcomes." in shown
    assert "Ask again in six months with outcome data." in shown
    assert page(detail).select(f'a[href="{judge_url(request)}"]') == []
    assert list_under(home(chair), "Answers waiting for your group's judgement") is None

    # 6. Judging twice is refused and changes nothing.
    judged_at = request.judged_at
    response = chair.post(
        judge_url(request), {"judgement": "assured", "reason": "Changed our minds", "follow_up": ""}
    )
    assert_refused(response, {"This request has already been judged": "id_judgement_0"})
    request.refresh_from_db()
    assert request.judgement == AssuranceRequest.Judgement.PARTLY_ASSURED
    assert request.judged_at == judged_at

    # 7. Every step is in the audit trail.
    of_request = audit_of(request)
    created = of_request.get(action=RECORD_CREATED)
    assert created.actor == chair_user
    assert created.changes["asked"] == [None, ["Testford Council", "Testshire Police"]]
    assert created.changes["due on"] == [None, due.isoformat()]
    judged = of_request.get(action=RECORD_CHANGED, changes__has_key="judgement")
    assert judged.actor == chair_user
    assert judged.changes["judgement"] == [None, "Partly assured"]
    assert judged.changes["follow-up"] == [None, "Ask again in six months with outcome data."]
    views = of_request.filter(action=RECORD_VIEWED)
    assert views.count() == 2  # the chair opened the request twice
    assert {v.actor for v in views} == {chair_user}
    answers = AuditEntry.objects.filter(
        target_type="governance.assuranceresponse", action=RECORD_CREATED
    )
    assert {(a.actor, a.target_id) for a in answers} == {
        (lead, str(answer.pk)),
        (police_lead, str(AssuranceResponse.objects.get(recipient=police_asked).pk)),
    }
    assert answers.get(actor=lead).changes["files"] == [None, ["Early help audit.pdf"]]

    # … and the request's history panel shows how it came to be: its creation, each
    # answer and the judgement (views stay in the audit trail but are left out of the
    # panel by design).
    lines = history_lines(chair.get(request_url(request)))
    assert len(lines) == 4, lines
    assert lines[0].startswith(f"Changed by {chair_user.full_name}")
    assert "Judgement: Partly assured" in lines[0]
    assert "Follow-up: Ask again in six months with outcome data." in lines[0]
    assert {lines[1].split(",")[0], lines[2].split(",")[0]} == {
        f"Changed by {lead.full_name}",
        f"Changed by {police_lead.full_name}",
    }
    assert any("Answered by: Testford Council" in line for line in lines[1:3])
    assert any("Answered by: Testshire Police" in line for line in lines[1:3])
    assert lines[3].startswith(f"Created by {chair_user.full_name}")
    assert "Asked: Testford Council and Testshire Police" in lines[3]
    assert not any(line.startswith("Viewed") for line in lines)


def test_the_requests_history_shows_when_each_agency_answered(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    people: dict[str, User],
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    """Every step of the cycle belongs in the request's history, the answers included."""
    records = governance_records
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(Role.AGENCY_LEAD).post(
            answer_url(records.council_asked), {"narrative": "We review every plan."}
        )
    assert response.status_code == 302

    lines = history_lines(client_as(Role.GROUP_CHAIR).get(request_url(records.request)))

    lead = people[Role.AGENCY_LEAD]
    assert any(lead.full_name in line and "Testford Council" in line for line in lines), (
        f"the council's answer is missing from the request's history: {lines}"
    )


def test_a_group_can_ask_another_group_whose_chair_answers(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    other_group: PartnershipGroup,
    people: dict[str, User],
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(Role.GROUP_CHAIR).post(
            request_create_url(group), request_form(groups=[other_group])
        )

    assert response.status_code == 302
    recipient = AssuranceRecipient.objects.get()
    assert recipient.group == other_group
    assert recipient.agency is None
    # The other group's chair (the analyst) is told, and answers for the group.
    assert [m.to for m in mail.outbox] == [[people[Role.ANALYST].email]]
    analyst = client_as(Role.ANALYST)
    waiting = list_under(home(analyst), "Requests for assurance to answer")
    assert links_in(waiting) == [answer_url(recipient)]
    response = analyst.post(answer_url(recipient), {"narrative": "The board has reviewed it."})
    assert response.status_code == 302
    assert AssuranceResponse.objects.get().responded_by == people[Role.ANALYST]


@pytest.mark.parametrize(
    "role", [Role.GROUP_MEMBER, Role.PRACTITIONER, Role.AGENCY_LEAD, Role.SCRUTINEER]
)
def test_only_the_business_unit_and_the_groups_chairs_may_ask(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    role: str,
) -> None:
    client = client_as(role)

    assert client.get(request_create_url(group)).status_code == 403
    response = client.post(request_create_url(group), request_form(agencies=[agencies["council"]]))

    assert response.status_code == 403
    assert not AssuranceRequest.objects.exists()


def test_the_business_unit_may_ask_on_a_groups_behalf(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    school_lead: User,
) -> None:
    response = client_as(Role.BUSINESS_UNIT).post(
        request_create_url(group), request_form(agencies=[agencies["school"]])
    )

    assert response.status_code == 302
    request = AssuranceRequest.objects.get()
    assert request.asked_by == group
    assert request.created_by == people[Role.BUSINESS_UNIT]


# Asking badly ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message", "field_id"),
    [
        (
            {"agencies": [], "groups": []},
            "Select at least one agency or group to ask",
            "id_agencies_0",
        ),
        (
            {"due_on": "TODAY"},
            "The date to answer by must be in the future",
            "id_due_on",
        ),
        (
            {"due_on": "YESTERDAY"},
            "The date to answer by must be in the future",
            "id_due_on",
        ),
        (
            {"due_on": "2026-02-30"},
            "Enter the date to answer by as a real date, like 2026-03-31",
            "id_due_on",
        ),
        (
            {"due_on": "next week"},
            "Enter the date to answer by as a real date, like 2026-03-31",
            "id_due_on",
        ),
        ({"due_on": ""}, "Enter the date to answer by", "id_due_on"),
        ({"question": ""}, "Enter the question you are asking", "id_question"),
        ({"question": None}, "Enter the question you are asking", "id_question"),
        ({"question": "   "}, "Enter the question you are asking", "id_question"),
        (
            {"agencies": [987654]},
            "Select a valid choice. 987654 is not one of the available choices.",
            "id_agencies_0",
        ),
    ],
)
def test_a_bad_request_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    overrides: dict[str, Any],
    message: str,
    field_id: str,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    dates = {"TODAY": today().isoformat(), "YESTERDAY": days_from_today(-1).isoformat()}
    changes = {k: dates.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    data = filled(request_form(agencies=[agencies["council"]]), **changes)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(Role.GROUP_CHAIR).post(request_create_url(group), data)

    assert_refused(response, {message: field_id})
    assert not AssuranceRequest.objects.exists()
    assert not AssuranceRecipient.objects.exists()
    assert not AuditEntry.objects.filter(target_type="governance.assurancerequest").exists()
    assert mail.outbox == []


def test_a_request_to_agencies_with_nobody_to_answer_is_refused_naming_them(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    """The police and the school have no agency lead (the council has one)."""
    data = request_form(agencies=[agencies["council"], agencies["police"], agencies["school"]])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(Role.GROUP_CHAIR).post(request_create_url(group), data)

    police, school = agencies["police"].name, agencies["school"].name
    first, second = sorted([police, school])
    assert_refused(
        response,
        {
            f"{first} and {second} have no agency lead to answer. Untick them, or ask the "
            "business unit to make someone there an agency lead first": "id_agencies_0"
        },
    )
    assert not AssuranceRequest.objects.exists()
    assert mail.outbox == []


def test_a_request_to_a_group_with_no_chair_is_refused(
    client_as: Callable[[str], Client], group: PartnershipGroup
) -> None:
    unchaired = PartnershipGroup.objects.create(
        name="Quiet Subgroup", kind=PartnershipGroup.Kind.SUBGROUP
    )

    response = client_as(Role.GROUP_CHAIR).post(
        request_create_url(group), request_form(groups=[unchaired])
    )

    assert_refused(
        response,
        {
            "Quiet Subgroup has no chair to answer. Untick them, or ask the business unit "
            "to name a chair first": "id_groups_0"
        },
    )
    assert not AssuranceRequest.objects.exists()


def test_the_form_marks_who_has_nobody_to_answer(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    police_lead: User,
) -> None:
    form = page(client_as(Role.GROUP_CHAIR).get(request_create_url(group)))
    labels = {
        int(str(box["value"])): text(one(form, f"label[for={box['id']}]"))
        for box in form.select('input[name="agencies"]')
    }

    assert labels[agencies["council"].pk] == agencies["council"].name
    assert labels[agencies["police"].pk] == agencies["police"].name
    assert labels[agencies["school"].pk] == f"{agencies['school'].name} (nobody can answer yet)"


def test_the_chair_is_told_to_judge_only_once_the_group_can(
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    police_lead: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    request = ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        due_on=days_from_today(9),
        agencies=[agencies["council"], agencies["police"]],
    )
    council, police = (request.recipients.get(agency=agencies[k]) for k in ("council", "police"))

    with django_capture_on_commit_callbacks(execute=True):
        assurance_services.assurance_response_submit(
            actor=people[Role.AGENCY_LEAD], recipient=council, narrative="Our answer"
        )
    (first,) = mail.outbox
    assert "record the group's judgement" not in first.body
    assert "1 of 2 have answered" in first.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assurance_services.assurance_response_submit(
            actor=police_lead, recipient=police, narrative="Theirs"
        )
    (second,) = mail.outbox
    assert "Everyone asked has answered. Read the answers and record the group's judgement" in (
        second.body
    )


def test_a_group_cannot_pick_itself_on_the_form(
    client_as: Callable[[str], Client], group: PartnershipGroup, other_group: PartnershipGroup
) -> None:
    chair = client_as(Role.GROUP_CHAIR)
    offered = [
        int(str(box["value"]))
        for box in page(chair.get(request_create_url(group))).select('input[name="groups"]')
    ]
    assert offered == [other_group.pk]

    response = chair.post(request_create_url(group), request_form(groups=[group]))

    assert response.status_code == 200
    assert f"Select a valid choice. {group.pk} is not one of the available choices." in (
        error_summary(response)
    )
    assert not AssuranceRequest.objects.exists()


SERVICE_REFUSALS: list[tuple[str, Callable[[PartnershipGroup], dict[str, Any]], str]] = [
    (
        "no one asked",
        lambda group: {"agencies": [], "groups": []},
        "at least one agency or group to ask",
    ),
    (
        "due today",
        lambda group: {"due_on": today()},
        "The date to answer by must be in the future",
    ),
    (
        "due before today",
        lambda group: {"due_on": days_from_today(-3)},
        "The date to answer by must be in the future",
    ),
    (
        "the group asking itself",
        lambda group: {"groups": [group]},
        "A group cannot ask itself for assurance",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [pytest.param(change, message, id=name) for name, change, message in SERVICE_REFUSALS],
)
def test_the_service_refuses_what_the_form_refuses(
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    change: Callable[[PartnershipGroup], dict[str, Any]],
    message: str,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    arguments: dict[str, Any] = {
        "actor": people[Role.GROUP_CHAIR],
        "asked_by": group,
        "question": "Are we assured?",
        "due_on": days_from_today(7),
        "agencies": [agencies["council"]],
        **change(group),
    }

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(GovernanceError, match=message),
    ):
        assurance_services.assurance_request_create(**arguments)

    assert not AssuranceRequest.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mail.outbox == []


# Answering badly ---------------------------------------------------------------------------


@pytest.fixture
def nothing_more_stored(
    governance_records: GovernanceRecords, media_root: Path
) -> Callable[[], None]:
    """A check that no evidence has been kept since the test began: the records' own file is
    still the only one, in the database and on disk."""
    files_before = files_under(media_root)

    def check() -> None:
        assert list(EvidenceFile.objects.all()) == [governance_records.evidence]
        assert files_under(media_root) == files_before

    return check


def exe() -> SimpleUploadedFile:
    return SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/octet-stream")


BAD_ANSWERS: list[tuple[str, Callable[[], dict[str, Any]], str, str]] = [
    ("no narrative", lambda: {"narrative": ""}, "Enter your answer", "id_narrative"),
    ("blank narrative", lambda: {"narrative": "   \n  "}, "Enter your answer", "id_narrative"),
    (
        "a link that is not a web address",
        lambda: {"links": "https://example.org/ok\nour intranet page"},
        "Link 2 is not a full web address: enter it like https://…",
        "id_links",
    ),
    (
        "a program",
        lambda: {"evidence_files": [exe()]},
        "tool.exe is not a kind of file we accept. "
        "Send CSV, DOCX, JPEG, JPG, PDF, PNG, PPTX, TXT, XLSX",
        "id_evidence_files",
    ),
    (
        "a file called .pdf that is not a PDF",
        lambda: {"evidence_files": [pdf("figures.pdf", b"<html>not a pdf</html>")]},
        "figures.pdf is not a real PDF file",
        "id_evidence_files",
    ),
    (
        "a good file with a bad one",
        lambda: {"evidence_files": [pdf("good.pdf"), pdf("bad.pdf", b"GIF89a")]},
        "bad.pdf is not a real PDF file",
        "id_evidence_files",
    ),
    (
        # With several files, the message must say which one is empty.
        "an empty file among several",
        lambda: {"evidence_files": [pdf("good.pdf"), pdf("empty.pdf", b"")]},
        "empty.pdf is empty",
        "id_evidence_files",
    ),
    (
        "too many files",
        lambda: {"evidence_files": [pdf(f"part {n}.pdf") for n in range(6)]},
        "Send at most 5 files",
        "id_evidence_files",
    ),
]


@pytest.mark.parametrize(
    ("data", "message", "field_id"),
    [pytest.param(data, message, field, id=name) for name, data, message, field in BAD_ANSWERS],
)
def test_a_bad_answer_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    nothing_more_stored: Callable[[], None],
    data: Callable[[], dict[str, Any]],
    message: str,
    field_id: str,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    records = governance_records
    form = {"narrative": "We review every plan.", "links": "", **data()}

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(Role.AGENCY_LEAD).post(answer_url(records.council_asked), form)

    assert_refused(response, {message: field_id})
    assert not AssuranceResponse.objects.filter(recipient=records.council_asked).exists()
    nothing_more_stored()
    assert not AuditEntry.objects.filter(target_type="governance.assuranceresponse").exists()
    assert mail.outbox == []


def test_a_file_over_the_size_limit_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    nothing_more_stored: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(assurance_services, "EVIDENCE_MAX_BYTES", len(PDF_BYTES) - 1)
    records = governance_records

    response = client_as(Role.AGENCY_LEAD).post(
        answer_url(records.council_asked),
        {"narrative": "We review every plan.", "evidence_files": [pdf("big.pdf")]},
    )

    assert response.status_code == 200
    (message,) = error_summary(response)
    assert message.startswith("big.pdf is larger than")
    assert message.endswith("Send a smaller file or a link to it")
    assert not AssuranceResponse.objects.filter(recipient=records.council_asked).exists()
    nothing_more_stored()


def test_a_file_exactly_at_the_size_limit_is_accepted(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(assurance_services, "EVIDENCE_MAX_BYTES", len(PDF_BYTES))
    records = governance_records

    response = client_as(Role.AGENCY_LEAD).post(
        answer_url(records.council_asked),
        {"narrative": "We review every plan.", "evidence_files": [pdf("exact.pdf")]},
    )

    assert response.status_code == 302
    assert EvidenceFile.objects.get(original_name="exact.pdf").size == len(PDF_BYTES)


def test_the_most_files_allowed_are_all_kept(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords, media_root: Path
) -> None:
    records = governance_records
    sent = [
        pdf(f"part {n}.pdf", PDF_BYTES + str(n).encode())
        for n in range(assurance_services.EVIDENCE_MAX_FILES)
    ]
    png = SimpleUploadedFile("chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png")
    sent[-1] = png

    response = client_as(Role.AGENCY_LEAD).post(
        answer_url(records.council_asked), {"narrative": "Five files.", "evidence_files": sent}
    )

    assert response.status_code == 302
    kept = EvidenceFile.objects.filter(response__recipient=records.council_asked)
    assert [f.original_name for f in kept] == [f"part {n}.pdf" for n in range(4)] + ["chart.png"]
    assert kept.get(original_name="chart.png").content_type == "image/png"
    assert {f.sha256 for f in kept} == {
        hashlib.sha256(f.file.open("rb").read()).hexdigest() for f in kept
    }
    assert len({f.sha256 for f in kept}) == 5
    assert len(files_under(media_root)) == 1 + 5  # the records' own evidence, and these


def test_answering_twice_is_refused(
    governance_records: GovernanceRecords,
    police_lead: User,
    nothing_more_stored: Callable[[], None],
) -> None:
    """The police have already answered (see records.py)."""
    records = governance_records

    response = sign_in(Client(), police_lead).post(
        answer_url(records.police_asked),
        {"narrative": "A second answer", "evidence_files": [pdf()]},
    )

    assert_refused(response, {"Testshire Police has already answered this request": "id_narrative"})
    assert AssuranceResponse.objects.filter(recipient=records.police_asked).count() == 1
    nothing_more_stored()


def test_answering_after_the_judgement_is_refused(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    nothing_more_stored: Callable[[], None],
) -> None:
    records = governance_records
    AssuranceRequest.objects.filter(pk=records.request.pk).update(
        judgement=AssuranceRequest.Judgement.ASSURED, judgement_reason="Enough"
    )

    response = client_as(Role.AGENCY_LEAD).post(
        answer_url(records.council_asked),
        {"narrative": "Late, sorry", "evidence_files": [pdf()]},
    )

    assert_refused(
        response,
        {"This request has already been judged, so it takes no more answers": "id_narrative"},
    )
    assert not AssuranceResponse.objects.filter(recipient=records.council_asked).exists()
    nothing_more_stored()


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.GROUP_MEMBER, Role.GROUP_CHAIR, Role.INTELLIGENCE_OFFICER]
)
def test_only_those_who_answer_for_the_recipient_may_answer(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords, role: str
) -> None:
    """The council's practitioner is not its agency lead; the chair asks but does not answer."""
    url = answer_url(governance_records.council_asked)
    client = client_as(role)

    assert client.get(url).status_code == 403
    assert client.post(url, {"narrative": "Not mine to give"}).status_code == 403
    assert not AssuranceResponse.objects.filter(recipient=governance_records.council_asked).exists()


def test_the_council_lead_cannot_answer_for_the_police(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    police_lead: User,
) -> None:
    request = ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        question="How do you share intelligence?",
        due_on=days_from_today(9),
        agencies=[agencies["council"], agencies["police"]],
    )
    police_asked = request.recipients.get(agency=agencies["police"])

    response = client_as(Role.AGENCY_LEAD).post(
        answer_url(police_asked), {"narrative": "On their behalf"}
    )

    assert response.status_code == 403
    assert not AssuranceResponse.objects.exists()


def test_a_recipient_of_another_request_is_not_found(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    school_lead: User,
) -> None:
    other = ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        question="Another question",
        due_on=days_from_today(9),
        agencies=[agencies["school"]],
    )
    wrong = reverse(
        "governance:response-create", args=[other.pk, governance_records.council_asked.pk]
    )

    assert client_as(Role.AGENCY_LEAD).get(wrong).status_code == 404


# Judging badly -----------------------------------------------------------------------------


def good_judgement(**overrides: str) -> dict[str, str]:
    return {
        "judgement": "not_assured",
        "reason": "The evidence does not show change.",
        "follow_up": "Escalate to the Executive.",
        **overrides,
    }


WAIT = "The group can record its judgement once everyone asked has answered, or after "


@pytest.fixture
def past_due(governance_records: GovernanceRecords) -> AssuranceRequest:
    """The records' request, its date to answer by passed yesterday: the police answered."""
    request = governance_records.request
    AssuranceRequest.objects.filter(pk=request.pk).update(due_on=days_from_today(-1))
    request.refresh_from_db()
    return request


def assert_too_soon_to_judge(chair: Client, request: AssuranceRequest) -> None:
    """The chair is not offered the judgement, and a judgement sent anyway is refused with a
    message linked to the form (its first radio) and changes nothing."""
    assert page(chair.get(request_url(request))).select(f'a[href="{judge_url(request)}"]') == []
    # Nor is the form, opened from its address: the request page says why.
    opened = chair.get(judge_url(request), follow=True)
    assert opened.redirect_chain == [(request_url(request), 302)]
    assert WAIT in text(opened)
    assert f"after {request.due_on:%-d %B %Y} if at least one has" in text(opened)

    response = chair.post(judge_url(request), good_judgement())

    ((message, field),) = error_summary(response).items()
    assert message.startswith(WAIT) and field == "id_judgement_0"
    request.refresh_from_db()
    assert request.judgement == ""
    assert request.judged_by is None
    assert not AuditEntry.objects.filter(action=RECORD_CHANGED).exists()


@pytest.mark.parametrize(
    "due_in",
    [
        # Even past the date: with no answer at all there is nothing to judge.
        pytest.param(-5, id="the date has passed"),
        pytest.param(3, id="the date is to come"),
    ],
)
def test_judging_before_anyone_answered_is_refused(
    client_as: Callable[[str], Client],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    due_in: int,
) -> None:
    request = ask(
        chair=people[Role.GROUP_CHAIR],
        group=group,
        question="Is anyone there?",
        due_on=days_from_today(due_in),
        agencies=[agencies["council"]],
    )

    assert_too_soon_to_judge(client_as(Role.GROUP_CHAIR), request)


def test_judging_before_everyone_answered_and_before_the_date_is_refused(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    # The police answered, the council has not.
    assert_too_soon_to_judge(client_as(Role.GROUP_CHAIR), governance_records.request)


def test_once_the_date_has_passed_the_answers_in_can_be_judged(
    client_as: Callable[[str], Client], past_due: AssuranceRequest
) -> None:
    request = past_due
    chair = client_as(Role.GROUP_CHAIR)
    detail = chair.get(request_url(request))
    assert one(detail, f'a[href="{judge_url(request)}"]')
    assert "Overdue: no answer yet." in text(detail)

    response = chair.post(judge_url(request), good_judgement(judgement="assured", follow_up=""))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.judgement == AssuranceRequest.Judgement.ASSURED
    assert request.follow_up == ""


@pytest.mark.parametrize(
    ("overrides", "message", "field_id"),
    [
        (
            {"judgement": "not_assured", "follow_up": ""},
            "Enter what will happen next, since the group is not fully assured",
            "id_follow_up",
        ),
        (
            {"judgement": "partly_assured", "follow_up": "   "},
            "Enter what will happen next, since the group is not fully assured",
            "id_follow_up",
        ),
        ({"reason": ""}, "Enter the reasons for the group's judgement", "id_reason"),
        ({"judgement": ""}, "Select whether the group is assured", "id_judgement_0"),
        (
            {"judgement": "fairly_sure"},
            "Select a valid choice. fairly_sure is not one of the available choices.",
            "id_judgement_0",
        ),
    ],
)
def test_a_bad_judgement_is_refused_and_changes_nothing(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    overrides: dict[str, str],
    message: str,
    field_id: str,
) -> None:
    request = governance_records.request
    AssuranceResponse.objects.create(
        recipient=governance_records.council_asked,
        narrative="We review every plan.",
        responded_by=governance_records.request.created_by,
    )

    response = client_as(Role.GROUP_CHAIR).post(judge_url(request), good_judgement(**overrides))

    assert_refused(response, {message: field_id})
    request.refresh_from_db()
    assert request.judgement == ""
    assert request.judgement_reason == ""
    assert not AuditEntry.objects.filter(action=RECORD_CHANGED).exists()


def test_the_service_refuses_a_blank_reason(
    past_due: AssuranceRequest, people: dict[str, User]
) -> None:
    with pytest.raises(GovernanceError, match="Enter the reasons for your judgement"):
        assurance_services.assurance_judge(
            actor=people[Role.GROUP_CHAIR], assurance=past_due, judgement="assured", reason="  "
        )

    past_due.refresh_from_db()
    assert past_due.judgement == ""


@pytest.mark.parametrize("role", [Role.GROUP_MEMBER, Role.AGENCY_LEAD, Role.SCRUTINEER])
def test_only_the_asking_groups_chairs_and_the_business_unit_may_judge(
    client_as: Callable[[str], Client], past_due: AssuranceRequest, role: str
) -> None:
    response = client_as(role).post(judge_url(past_due), good_judgement())

    assert response.status_code == 403
    past_due.refresh_from_db()
    assert past_due.judgement == ""


# Seeing requests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.GROUP_CHAIR, 200),
        (Role.GROUP_MEMBER, 200),
        (Role.AGENCY_LEAD, 200),
        (Role.BUSINESS_UNIT, 200),
        (Role.SCRUTINEER, 200),
        (Role.PRACTITIONER, 403),
        (Role.ANALYST, 403),
        (Role.INTELLIGENCE_OFFICER, 403),
    ],
)
def test_only_those_involved_see_a_request_and_each_view_is_recorded(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    people: dict[str, User],
    role: str,
    status: int,
) -> None:
    request = governance_records.request

    response = client_as(role).get(request_url(request))

    assert response.status_code == status
    views = audit_of(request, RECORD_VIEWED)
    if status == 200:
        assert views.get().actor == people[role]
        # The council's lead is asked too, but the police's answer is not theirs to read.
        shown = "Our figures are attached." in text(response)
        assert shown == (role != Role.AGENCY_LEAD)
    else:
        assert not views.exists()
