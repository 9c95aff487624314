"""The form an agency sends a return with, and the form that issues an API key."""

from typing import Any

from django import forms

from safeguarding.accounts.models import User
from safeguarding.core.forms import PlatformForm
from safeguarding.core.roles import Role


class SubmissionForm(PlatformForm):
    upload = forms.FileField(
        label="Your return",
        help_text="A CSV file (UTF-8 or Windows-1252) or an Excel .xlsx workbook",
        # Empty files reach the reader, whose refusal names the file.
        allow_empty_file=True,
        error_messages={"required": "Choose the file of your return"},
    )
    narrative = forms.CharField(
        label="Your narrative",
        help_text=(
            "The evidence of change or challenge behind these figures. A return is accepted "
            "only with its narrative"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # Set on the page that shows what a return would lose: sending the same file with it
    # confirms the loss (see services.SubmissionNeedsConfirmation).
    confirm_loss = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not required to check a file, but needed to accept one: not "optional".
        self.fields["narrative"].optional_label = False  # type: ignore[attr-defined]


class ApiKeyForm(PlatformForm):
    person: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Agency lead",
        queryset=User.objects.none(),
        help_text="Calls made with the key act as this person",
        error_messages={
            "required": "Select the agency lead the key is for",
            "invalid_choice": "Select an agency lead who can sign in",
        },
    )
    name = forms.CharField(
        label="What will use it",
        max_length=100,
        help_text="For example the police records system",
        error_messages={"required": "Enter what will use the key"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = User.objects.filter(
            role=Role.AGENCY_LEAD, is_active=True, agency__isnull=False
        ).select_related("agency")


class CalendarFilterForm(PlatformForm):
    """The returns calendar narrowed to what someone is chasing."""

    STATUSES = [
        ("", "Any"),
        ("late", "Late"),
        ("not_started", "Not started"),
        ("rejected", "Problems to fix"),
        ("accepted", "Accepted"),
    ]

    status = forms.ChoiceField(label="Where it stands", choices=STATUSES, required=False)
    agency = forms.ChoiceField(label="Agency", choices=[], required=False)
    period = forms.ChoiceField(label="Period ending", choices=[], required=False)

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], periods: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [("", "Any"), *((str(pk), name) for pk, name in agencies)]
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [("", "Any"), *((p.isoformat(), f"{p:%-d %B %Y}") for p in periods)]
