"""Why an upload was not accepted, when nothing about it is recorded.

Raised by `services.submission_receive` (and `api_token_issue`), and named there too, so
callers write `services.SubmissionRefused`.
"""

from safeguarding.returns.validation import Loss


class SubmissionRefused(ValueError):
    """An upload that cannot even be checked, or a valid one without its narrative.

    `field` names the form field the message belongs beside.
    """

    def __init__(self, message: str, *, field: str = "upload") -> None:
        super().__init__(message)
        self.field = field


class SubmissionNeedsConfirmation(SubmissionRefused):
    """A valid return that would replace the accepted one and lose some of its rows.

    Nothing is recorded. `loss` says what would be lost; sending the same file again with
    `confirm_loss` set to `token` (or True, from the API) and its narrative accepts it.
    The token names the accepted return and the file, so a confirmation never carries
    over to another file, or to a return accepted in between. `narrative_missing` says
    the narrative is needed too. Once the loss is `confirmed`, only the narrative is
    missing, and the refusal is about that field; the loss stays with it, so the page
    asking for the narrative can still show what the file would lose.
    """

    def __init__(
        self, *, name: str, loss: Loss, token: str, confirmed: bool, narrative_missing: bool
    ) -> None:
        if confirmed:
            super().__init__(narrative_needed(name), field="narrative")
        else:
            super().__init__(
                f"{name} passed every check, but it would replace the accepted return and "
                f"lose {loss.summary()}. Send it again confirming the loss, or send a "
                "complete return",
                field="confirm_loss",
            )
        self.loss = loss
        self.token = token
        self.confirmed = confirmed
        self.narrative_missing = narrative_missing


def narrative_needed(name: str) -> str:
    """Why a file that passed every check was not accepted: it came without its narrative."""
    return (
        f"{name} passed every check. Add your narrative: the evidence of change or challenge "
        "behind these figures"
    )
