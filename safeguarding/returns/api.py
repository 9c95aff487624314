"""The JSON API agencies' systems send returns through, with an API key per agency lead.

OpenAPI documentation is at /api/docs. Every call is made as the agency lead the key was
issued to, so it can do no more than that person can in the browser.
"""

from datetime import date
from typing import Annotated, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from safeguarding.returns import queries, refusals, services
from safeguarding.returns.models import ApiToken, Submission


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
    """Why a call was refused, and the field (or header) the refusal is about."""

    detail: str
    field: str


class LeftOut(Schema):
    """Things the accepted return covers that the new one has no rows for at all."""

    what: str = Field(description="indicators, periods, breakdowns, event types, months…")
    values: list[str] = Field(description='each in words, such as "ce-at-risk by sex"')


class LossOut(Schema):
    """What replacing the accepted return with the one sent would lose."""

    accepted_rows: int
    sent_rows: int
    rows_lost: int = Field(description="rows of the accepted return the one sent lacks")
    left_out: list[LeftOut]


class LossRefusal(Schema):
    """A valid return not accepted because it would lose rows of the accepted one."""

    detail: str
    field: str = Field(description="always confirm_loss")
    would_lose: LossOut


# One answer for a return that does not exist and for one of another agency, so that no
# key can tell which return ids exist.
NOT_FOUND = Refusal(detail="No such return for your agency", field="obligation_id")
NO_KEY = Refusal(
    detail="Send an API key issued to you: Authorization: Bearer spp_…", field="Authorization"
)
CONFIRM_LOSS = (
    "true to accept a return that lacks rows the accepted one has, once a 422 has said "
    "what would be lost"
)
FIELD_WORDS = {
    "upload": "Attach the return as a CSV or Excel (.xlsx) file in the field upload",
    "narrative": "Send the narrative as text in the field narrative",
}


@api.exception_handler(AuthenticationError)
def no_key(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api.create_response(request, NO_KEY.dict(), status=401)


@api.exception_handler(ValidationError)
def not_as_documented(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A call whose fields are missing or of the wrong kind: the documented refusal,
    naming the field, rather than the framework's own list of errors."""
    locations = [error_item.get("loc", ()) for error_item in error.errors]
    fields = [str(loc[-1]) for loc in locations if loc]
    if "obligation_id" in fields:
        return api.create_response(request, NOT_FOUND.dict(), status=404)
    field = fields[0] if fields else "upload"
    detail = FIELD_WORDS.get(field, f"Check the field {field}: it is missing or not valid")
    return api.create_response(request, {"detail": detail, "field": field}, status=400)


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


@api.get(
    "/returns",
    response={200: list[ObligationOut], 401: Refusal},
    summary="Returns your agency owes",
)
def returns_owed(request: HttpRequest) -> list[ObligationOut]:
    person = _person(request)
    owed = queries.obligations_sendable(person=person)
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
        for o in owed
    ]


@api.post(
    "/returns/{obligation_id}/submissions",
    response={
        201: SubmissionOut,
        400: Refusal,
        401: Refusal,
        404: Refusal,
        413: Refusal,
        422: SubmissionOut | LossRefusal,
    },
    summary="Send a return",
    description=(
        "Upload the return as CSV or Excel (.xlsx) with its narrative. 201: accepted. "
        "422: rejected, with every problem counted by rule; or, for a valid return that "
        "would replace the accepted one and lose some of its rows (whole breakdowns, "
        "periods or indicators, or single rows), refused with field confirm_loss and "
        "would_lose saying what would be lost: nothing is recorded, and sending it again "
        "with confirm_loss=true accepts it. 400: the file could not be read, "
        "or the narrative is missing, with the field named. 401: no valid API key. 404: no "
        "such return for your agency (the same whether it does not exist or is another "
        "agency's). 413: the request is larger than a return may be."
    ),
)
def return_send(
    request: HttpRequest,
    obligation_id: int,
    upload: File[UploadedFile],
    narrative: Form[str] = "",
    confirm_loss: Annotated[bool, Form(description=CONFIRM_LOSS)] = False,
) -> Status[Any]:
    person = _person(request)
    obligation = queries.obligation_find(pk=obligation_id)
    if obligation is None or not person.has_perm("returns.send_return", obligation):
        # A key never reveals that another agency's return exists.
        return Status(404, NOT_FOUND)
    try:
        submission = services.submission_receive(
            actor=person,
            obligation=obligation,
            name=upload.name or "upload",
            data=upload.read(),
            narrative=narrative,
            via_api=True,
            confirm_loss=confirm_loss,
        )
    except refusals.SubmissionNeedsConfirmation as needed:
        if needed.confirmed:  # only the narrative is missing
            return Status(400, Refusal(detail=str(needed), field=needed.field))
        return Status(
            422,
            LossRefusal(
                detail=str(needed),
                field=needed.field,
                would_lose=LossOut(**needed.loss.as_dict()),
            ),
        )
    except refusals.SubmissionRefused as error:
        return Status(400, Refusal(detail=str(error), field=error.field))
    status = 201 if submission.status == Submission.Status.ACCEPTED else 422
    return Status(status, _submission_out(submission))
