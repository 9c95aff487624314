"""Evidence files: served only through the platform, to those involved, each download recorded."""

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_VIEWED
from safeguarding.core.models import Agency, AuditEntry
from safeguarding.core.roles import Role
from safeguarding.demo import factories
from safeguarding.governance.models import EvidenceFile
from tests.conftest import sign_in
from tests.governance.conftest import answer_url, audit_of, download_url, pdf, request_url
from tests.governance.records import PDF_BYTES, GovernanceRecords
from tests.pages import one, text


def downloaded(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def downloads_of(evidence: EvidenceFile) -> list[AuditEntry]:
    return list(audit_of(evidence, RECORD_VIEWED))


@pytest.mark.parametrize(
    "role",
    [
        Role.GROUP_CHAIR,  # chairs the asking group
        Role.GROUP_MEMBER,  # sits on the asking group
        Role.BUSINESS_UNIT,  # reads everything
        Role.SCRUTINEER,  # reads everything
    ],
)
def test_those_involved_download_the_file_as_sent(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    people: dict[str, User],
    role: str,
) -> None:
    evidence = governance_records.evidence

    response = client_as(role).get(download_url(evidence))

    assert response.status_code == 200
    assert downloaded(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="figures.pdf"'
    (entry,) = downloads_of(evidence)
    assert entry.actor == people[role]
    assert entry.target_label == "figures.pdf"


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,  # of the council, but not its agency lead
        Role.ANALYST,  # on no group involved
        Role.INTELLIGENCE_OFFICER,  # of the police, but not their agency lead
        Role.AGENCY_LEAD,  # answers for the council, also asked: the file is the police's
    ],
)
def test_others_are_refused_and_nothing_is_recorded(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords, role: str
) -> None:
    response = client_as(role).get(download_url(governance_records.evidence))

    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert downloads_of(governance_records.evidence) == []


def test_an_agency_lead_of_an_agency_not_asked_is_refused(
    governance_records: GovernanceRecords, agencies: dict[str, Agency]
) -> None:
    school_lead = factories.person(
        "school.lead@testford.example", Role.AGENCY_LEAD, agency=agencies["school"]
    )

    response = sign_in(Client(), school_lead).get(download_url(governance_records.evidence))

    assert response.status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(
    client: Client, governance_records: GovernanceRecords
) -> None:
    response = client.get(download_url(governance_records.evidence))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert downloads_of(governance_records.evidence) == []


def test_a_file_missing_from_storage_is_not_found(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    evidence = governance_records.evidence
    Path(evidence.file.path).unlink()

    response = client_as(Role.GROUP_CHAIR).get(download_url(evidence))

    assert response.status_code == 404
    assert downloads_of(evidence) == []


def test_evidence_that_does_not_exist_is_not_found(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    response = client_as(Role.BUSINESS_UNIT).get(
        reverse("governance:evidence-download", args=[governance_records.evidence.pk + 100])
    )

    assert response.status_code == 404


def test_an_uploaded_file_comes_back_byte_for_byte_under_its_own_name(
    client_as: Callable[[str], Client],
    governance_records: GovernanceRecords,
    media_root: Path,
) -> None:
    content = PDF_BYTES + b"% the council's audit\n"
    answered = client_as(Role.AGENCY_LEAD).post(
        answer_url(governance_records.council_asked),
        {"narrative": "See the audit.", "evidence_files": [pdf("Audit 2025-26.pdf", content)]},
    )
    assert answered.status_code == 302
    evidence = EvidenceFile.objects.get(original_name="Audit 2025-26.pdf")
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media_root / "evidence")
    assert stored.name != "Audit 2025-26.pdf"

    response = client_as(Role.GROUP_MEMBER).get(download_url(evidence))

    assert response.status_code == 200
    assert downloaded(response) == content
    assert response["Content-Disposition"] == 'attachment; filename="Audit 2025-26.pdf"'


def test_the_request_page_lists_evidence_for_download(
    client_as: Callable[[str], Client], governance_records: GovernanceRecords
) -> None:
    response = client_as(Role.GROUP_CHAIR).get(request_url(governance_records.request))

    link = one(response, f'a[href="{download_url(governance_records.evidence)}"]')
    assert text(link) == "figures.pdf"
