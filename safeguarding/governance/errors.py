"""The refusal every governance service raises."""


class GovernanceError(ValueError):
    """A request the platform refuses; the message says what is wrong and what to do.

    `field` names the form field the message belongs beside, if any.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
