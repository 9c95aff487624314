"""The upload form and the review screen's forms, one formset for each kind of proposal."""

from typing import Any

from django import forms

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.core.forms import DateInput, PlatformForm, date_errors
from safeguarding.governance.models import (
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    year_label_validator,
)


class ImportUploadForm(PlatformForm):
    document = forms.FileField(
        label="Document",
        help_text="A Word document (.docx), a PDF or a plain text file, up to 10 MB",
        # Empty files reach the reader, whose refusal names the file.
        allow_empty_file=True,
        error_messages={"required": "Choose the document to read"},
    )


class ReviewYearForm(PlatformForm):
    year = forms.ModelChoiceField(
        label="Add them to",
        queryset=PartnershipYear.objects.all(),
        required=False,
        empty_label="A new year",
    )
    new_label = forms.CharField(
        label="Name of the new year",
        required=False,
        max_length=20,
        validators=[year_label_validator],
    )
    new_starts_on = forms.DateField(
        label="First day of the new year",
        required=False,
        widget=DateInput,
        error_messages=date_errors("the first day of the new year"),
    )
    new_ends_on = forms.DateField(
        label="Last day of the new year",
        required=False,
        widget=DateInput,
        error_messages=date_errors("the last day of the new year"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("year"):
            return cleaned
        label = (cleaned.get("new_label") or "").strip()
        if not label:
            self.add_error("new_label", "Enter the name of the new year, or choose a year")
        elif PartnershipYear.objects.filter(label=label).exists():
            self.add_error("new_label", f"A year called {label} already exists: choose it instead")
        starts, ends = cleaned.get("new_starts_on"), cleaned.get("new_ends_on")
        if not starts and not self.has_error("new_starts_on"):
            self.add_error("new_starts_on", "Enter the first day of the new year")
        if not ends and not self.has_error("new_ends_on"):
            self.add_error("new_ends_on", "Enter the last day of the new year")
        if starts and ends and ends <= starts:
            self.add_error("new_ends_on", "The last day must be after the first day")
        return cleaned


class KeepForm(PlatformForm):
    keep = forms.BooleanField(label="Keep", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.sent_as_kept():
            # What is not kept is not checked: its errors would stop nothing.
            for field in self.fields.values():
                field.required = False

    def sent_as_kept(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("keep")))

    def kept(self) -> bool:
        return bool(self.cleaned_data.get("keep"))


class ReviewPriorityForm(KeepForm):
    title = forms.CharField(
        label="Priority", max_length=200, error_messages={"required": "Enter the priority"}
    )
    golden_thread = forms.BooleanField(label="Golden thread", required=False)


class ReviewStrandForm(KeepForm):
    title = forms.CharField(
        label="Strand", max_length=300, error_messages={"required": "Enter the strand"}
    )
    priority = forms.ChoiceField(label="Priority it belongs to", choices=[])

    def __init__(self, *args: Any, priority_titles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["priority"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(i), title) for i, title in enumerate(priority_titles)]


class ReviewPlannedWorkForm(KeepForm):
    title = forms.CharField(
        label="Planned work", max_length=400, error_messages={"required": "Enter the work"}
    )
    kind = forms.ChoiceField(label="Kind", choices=PlannedWork.Kind.choices)
    owner_group = forms.ModelChoiceField(
        label="Owner", queryset=PartnershipGroup.objects.all(), required=False, empty_label="None"
    )
    golden_thread = forms.BooleanField(label="Golden thread", required=False)


class ReviewLearningForm(KeepForm):
    theme = forms.CharField(
        label="Theme", max_length=200, error_messages={"required": "Enter the theme"}
    )
    summary = forms.CharField(
        label="Learning", max_length=300, error_messages={"required": "Enter the learning"}
    )
    detail = forms.CharField(label="Detail", required=False, widget=forms.HiddenInput)
    owning_group = forms.ModelChoiceField(
        label="Owner",
        queryset=PartnershipGroup.objects.all(),
        required=False,
        empty_label="All partners",
    )
    expectation = forms.ChoiceField(
        label="The owner must", choices=LearningPoint.Expectation.choices
    )
    golden_thread = forms.BooleanField(label="Golden thread", required=False)


PriorityFormSet = forms.formset_factory(ReviewPriorityForm, extra=0)
StrandFormSet = forms.formset_factory(ReviewStrandForm, extra=0)
PlannedWorkFormSet = forms.formset_factory(ReviewPlannedWorkForm, extra=0)
LearningFormSet = forms.formset_factory(ReviewLearningForm, extra=0)
