"""The JSON API agencies' systems send returns through, with an API key per agency lead.

OpenAPI documentation is at /api/docs. Every call is made as the agency lead the key was
issued to, so it can do no more than that person can in the browser.
"""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, NinjaAPI, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from safeguarding.returns import services
from safeguarding.returns.models import ApiToken, ReturnObligation, Submission


class AgencyKey(HttpBearer):
    """`Authorization: Bearer spp_…`, a key issued to an agency lead."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return services.api_token_authenticate(token)


api = NinjaAPI(
    title="Safeguarding Partnership Platform",
    version="1",
    description="Send data returns and read what your agency owes.",
    urls_namespace="api",
    auth=AgencyKey(),
    # The documentation is for agencies' developers, who sign in as their agency lead; a
    # page the public could reach would need the quick exit, which Swagger cannot carry.
    docs_decorator=login_required,
)


class ObligationOut(Schema):
    id: int
    template: str
    kind: str
    period_start: date
    period_end: date
    due_on: date
    status: str


class RuleOut(Schema):
    code: str
    title: str
    severity: str
    count: int
    examples: list[dict[str, Any]]


class SubmissionOut(Schema):
    id: int
    status: str
    rows: int
    problems: int
    rules: list[RuleOut]
    record_sha256: str


class Refusal(Schema):
    detail: str
    field: str


def _person(request: HttpRequest) -> Any:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.person


def _submission_out(submission: Submission) -> SubmissionOut:
    return SubmissionOut(
        id=submission.pk,
        status=submission.status,
        rows=submission.row_count,
        problems=submission.problem_count,
        rules=[RuleOut(**rule) for rule in submission.problems.get("rules", [])],
        record_sha256=submission.record_sha256,
    )


@api.get("/returns", response=list[ObligationOut], summary="Returns your agency owes")
def returns_owed(request: HttpRequest) -> list[ObligationOut]:
    person = _person(request)
    owed = ReturnObligation.objects.filter(agency=person.agency_id).select_related("template")
    return [
        ObligationOut(
            id=o.pk,
            template=o.template.title,
            kind=o.template.kind,
            period_start=o.period_start,
            period_end=o.period_end,
            due_on=o.due_on,
            status=o.status,
        )
        for o in owed.order_by("due_on")
    ]


@api.post(
    "/returns/{obligation_id}/submissions",
    response={201: SubmissionOut, 400: Refusal, 404: Refusal, 422: SubmissionOut},
    summary="Send a return",
    description=(
        "Upload the return as CSV or Excel (.xlsx) with its narrative. 201: accepted. "
        "422: rejected, with every problem counted by rule. 400: the file could not be read, "
        "or the narrative is missing."
    ),
)
def return_send(
    request: HttpRequest,
    obligation_id: int,
    upload: File[UploadedFile],
    narrative: Form[str] = "",
) -> Status:
    person = _person(request)
    obligation = get_object_or_404(ReturnObligation, pk=obligation_id)
    if not person.has_perm("returns.send_return", obligation):
        # A key never reveals that another agency's return exists.
        return Status(404, Refusal(detail="No such return for your agency", field="obligation_id"))
    try:
        submission = services.submission_receive(
            actor=person,
            obligation=obligation,
            name=upload.name or "upload",
            data=upload.read(),
            narrative=narrative,
            via_api=True,
        )
    except services.SubmissionRefused as error:
        return Status(400, Refusal(detail=str(error), field=error.field))
    status = 201 if submission.status == Submission.Status.ACCEPTED else 422
    return Status(status, _submission_out(submission))
