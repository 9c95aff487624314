"""A return owed by the council, with one accepted and one rejected upload, for tests."""

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.core.files.base import ContentFile

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.core.storage import encrypted_storage
from safeguarding.returns.models import ApiToken, ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.records import record_write
from safeguarding.returns.services import error_file_name


@dataclass
class ReturnsRecords:
    obligation: ReturnObligation
    accepted: Submission
    rejected: Submission
    token: ApiToken


def build_returns_records(
    *, agencies: dict[str, Agency], people: dict[str, User]
) -> ReturnsRecords:
    template = ReturnTemplate.objects.create(
        code="council-quarterly",
        title="Children's services quarterly return",
        kind=ReturnTemplate.Kind.AGGREGATE,
        agency_kinds=[Agency.Kind.CHILDRENS_SERVICES],
    )
    obligation = ReturnObligation.objects.create(
        agency=agencies["council"],
        template=template,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        due_on=date(2026, 7, 31),
        status=ReturnObligation.Status.ACCEPTED,
    )
    path, digest = record_write(pl.DataFrame({"indicator": ["cl-homeless"], "count": ["=3"]}))
    lead = people[Role.AGENCY_LEAD]
    accepted = Submission.objects.create(
        obligation=obligation,
        submitted_by=lead,
        original_name="q1.csv",
        upload_sha256="a" * 64,
        row_count=1,
        status=Submission.Status.ACCEPTED,
        narrative="Fewer care leavers are homeless.",
        record_path=path,
        record_sha256=digest,
    )
    rejected = Submission.objects.create(
        obligation=obligation,
        submitted_by=lead,
        original_name="q1-wrong.csv",
        upload_sha256="b" * 64,
        row_count=1,
        status=Submission.Status.REJECTED,
        problem_count=1,
        problems={"total": 1, "rules": []},
    )
    encrypted_storage().save(
        error_file_name(rejected), ContentFile(b"rule,row,column,value,message\r\n")
    )
    token = ApiToken.objects.create(
        person=lead,
        agency=agencies["council"],
        role=lead.role,
        name="Council records",
        key_sha256="c" * 64,
    )
    return ReturnsRecords(obligation=obligation, accepted=accepted, rejected=rejected, token=token)
