"""Forms for the plan: years, priorities and their parts, planned work, learning points,
actions, and the agencies wanted on a group.

Each record's form shows the fields its model lists as `EDITABLE`, the list its service
saves and audits.
"""

from typing import Any

from django import forms

from safeguarding.core.forms import DateInput, PlatformForm, PlatformModelForm, date_errors
from safeguarding.core.models import Agency
from safeguarding.governance.models import (
    Action,
    LearningPoint,
    Milestone,
    OutcomeMeasure,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
)


class YearForm(PlatformModelForm):
    class Meta:
        model = PartnershipYear
        fields = PartnershipYear.EDITABLE
        labels = {
            "label": "Name of the year",
            "starts_on": "First day",
            "ends_on": "Last day",
            "is_current": "This is the current year",
        }
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "report_introduction": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "label": {
                "required": "Enter the name of the year, like 2026-27",
                "unique": "A year with this name already exists",
            },
            "starts_on": date_errors("the first day of the year"),
            "ends_on": date_errors("the last day of the year"),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "The last day must be after the first day")
        return cleaned

    def _get_validation_exclusions(self) -> set[str]:
        # Making this year current switches the others off when it is saved (year_save),
        # so "only one current year" must not refuse it first.
        return {*super()._get_validation_exclusions(), "is_current"}  # type: ignore[misc]


class PriorityForm(PlatformModelForm):
    class Meta:
        model = Priority
        fields = Priority.EDITABLE
        labels = {"position": "Order on the page"}
        error_messages = {"title": {"required": "Enter the priority's title"}}


class PlannedWorkForm(PlatformModelForm):
    class Meta:
        model = PlannedWork
        fields = PlannedWork.EDITABLE
        labels = {
            "kind": "Kind of work",
            "priority": "Priority it serves",
            "owner_group": "Group that owns it",
        }
        widgets = {"kind": forms.RadioSelect, "status": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter what the work is"}}

    def __init__(self, *args: Any, year: PartnershipYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_only(self, "kind", PlannedWork.Kind.choices)
        _choices_only(self, "status", PlannedWork._meta.get_field("status").choices)
        priority = self.fields["priority"]
        assert isinstance(priority, forms.ModelChoiceField)
        priority.queryset = year.priorities.all()
        priority.empty_label = "None: additional work"


class LearningPointForm(PlatformModelForm):
    class Meta:
        model = LearningPoint
        fields = LearningPoint.EDITABLE
        labels = {
            "summary": "The learning, in a sentence",
            "source": "Where it comes from",
            "owning_group": "Group that owns it",
            "expectation": "What the group must do",
            "is_closed": "Closed: the group is satisfied nothing more is needed",
        }
        widgets = {"source": forms.RadioSelect, "expectation": forms.RadioSelect}
        error_messages = {
            "theme": {"required": "Enter the theme, like Poverty or Early help"},
            "summary": {"required": "Enter the learning in a sentence"},
            "source": {"required": "Select where the learning comes from"},
            "expectation": {"required": "Select what the owning group must do"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_only(self, "source", LearningPoint.Source.choices)
        _choices_only(self, "expectation", LearningPoint.Expectation.choices)


class ActionForm(PlatformModelForm):
    class Meta:
        model = Action
        fields = Action.EDITABLE
        labels = {
            "title": "What will be done",
            "owner_group": "Group that owns it",
            "due_on": "Due by",
            "progress_note": "Progress so far",
        }
        widgets = {"due_on": DateInput, "status": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter what will be done"},
            "owner_group": {"required": "Select the group that owns the action"},
            "due_on": date_errors("the date it is due by"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_only(self, "status", Action._meta.get_field("status").choices)


class ActionProgressForm(PlatformModelForm):
    """What someone who works on an action records: where it has got to."""

    class Meta:
        model = Action
        fields = Action.PROGRESS
        labels = ActionForm.Meta.labels
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_only(self, "status", Action._meta.get_field("status").choices)


class StrandForm(PlatformModelForm):
    class Meta:
        model = PriorityStrand
        fields = PriorityStrand.EDITABLE
        labels = {"title": "Strand"}
        error_messages = {"title": {"required": "Enter the strand"}}


class OutcomeMeasureForm(PlatformModelForm):
    class Meta:
        model = OutcomeMeasure
        fields = OutcomeMeasure.EDITABLE
        labels = {
            "description": "How the partnership will know it is working",
            "indicator_code": "Indicator code",
        }
        help_texts = {
            "indicator_code": "The code of the indicator in the returns catalogue that shows "
            "it. Without one, the annual report warns that no evidence of impact is linked"
        }
        error_messages = {"description": {"required": "Enter what will show the difference"}}


class MilestoneForm(PlatformModelForm):
    class Meta:
        model = Milestone
        fields = Milestone.EDITABLE
        labels = {"title": "Milestone", "due_on": "Due by", "done_on": "Done on"}
        widgets = {"due_on": DateInput, "done_on": DateInput}
        error_messages = {
            "title": {"required": "Enter the milestone"},
            "due_on": date_errors("the date it is due by"),
            "done_on": date_errors("the date it was done"),
        }


class RepresentationForm(PlatformForm):
    agency_kinds = forms.MultipleChoiceField(
        label="Kinds of agency the partnership wants on this group",
        help_text="A kind with no member on the group shows as a gap",
        choices=Agency.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _choices_only(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Radios without the blank "select an option" choice a model field brings."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)
    label = str(field.label).lower()
    field.error_messages["invalid_choice"] = f"Select one of the options for {label}"
