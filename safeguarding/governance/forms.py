"""Forms for the plan, learning, actions and the assurance cycle."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.accounts.queries import agencies_without_leads, groups_without_chairs
from safeguarding.core.forms import DateInput, PlatformForm, PlatformModelForm, date_errors
from safeguarding.core.models import Agency
from safeguarding.governance import services
from safeguarding.governance.models import (
    Action,
    AssuranceRequest,
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
        fields = services.YEAR_FIELDS
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
        fields = ["title", "statement", "position", "golden_thread"]
        labels = {"position": "Order on the page"}
        error_messages = {"title": {"required": "Enter the priority's title"}}


class PlannedWorkForm(PlatformModelForm):
    class Meta:
        model = PlannedWork
        fields = [
            "title",
            "description",
            "kind",
            "priority",
            "owner_group",
            "lead_agency",
            "status",
            "evidence_of_completion",
            "golden_thread",
        ]
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
        fields = services.LEARNING_POINT_FIELDS
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
        fields = [
            "title",
            "owner_group",
            "lead_agency",
            "due_on",
            "status",
            "progress_note",
            "golden_thread",
        ]
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
        fields = ["status", "progress_note"]
        labels = ActionForm.Meta.labels
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices_only(self, "status", Action._meta.get_field("status").choices)


class StrandForm(PlatformModelForm):
    class Meta:
        model = PriorityStrand
        fields = ["title"]
        labels = {"title": "Strand"}
        error_messages = {"title": {"required": "Enter the strand"}}


class OutcomeMeasureForm(PlatformModelForm):
    class Meta:
        model = OutcomeMeasure
        fields = ["description", "indicator_code"]
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
        fields = ["title", "due_on", "done_on"]
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


class RecipientChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Agencies or groups to ask, each marked when nobody there could answer yet."""

    unanswerable: set[int] = set()

    def label_from_instance(self, obj: Any) -> str:
        label = str(obj)
        if obj.pk in self.unanswerable:
            return f"{label} (nobody can answer yet)"
        return label


class AssuranceRequestForm(PlatformForm):
    question = forms.CharField(
        label="What do you want to be assured of?",
        help_text="Ask one clear question. Say what evidence would assure the group",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the question you are asking"},
    )
    agencies = RecipientChoiceField(
        label="Agencies to ask",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = RecipientChoiceField(
        label="Groups to ask",
        queryset=PartnershipGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(
        label="Answer by", widget=DateInput, error_messages=date_errors("the date to answer by")
    )
    learning_point = forms.ModelChoiceField(
        label="Learning point it follows up",
        queryset=LearningPoint.objects.none(),
        required=False,
        empty_label="None",
    )
    golden_thread = forms.BooleanField(
        label="Equality, diversity and disproportionality", required=False
    )

    def __init__(self, *args: Any, group: PartnershipGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        groups = PartnershipGroup.objects.exclude(pk=group.pk).order_by("name")
        _queryset(self, "agencies", agencies)
        _queryset(self, "groups", groups)
        for name, nobody in (
            ("agencies", agencies_without_leads(agencies)),
            ("groups", groups_without_chairs(groups)),
        ):
            field = self.fields[name]
            assert isinstance(field, RecipientChoiceField)
            field.unanswerable = {item.pk for item in nobody}
        _queryset(
            self,
            "learning_point",
            LearningPoint.objects.filter(owning_group=group, is_closed=False),
        )

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise forms.ValidationError("The date to answer by must be in the future")
        return due_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("agencies")
            and not cleaned.get("groups")
            and not self.has_error("agencies")
        ):
            self.add_error("agencies", "Select at least one agency or group to ask")
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class AssuranceResponseForm(PlatformForm):
    narrative = forms.CharField(
        label="Your answer",
        help_text="Say what your agency does, what has changed and what is still a challenge",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter your answer"},
    )
    links = forms.CharField(
        label="Links to evidence",
        help_text="One web address per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_files = MultipleFileField(
        label="Evidence files",
        help_text=(
            f"Up to {services.EVIDENCE_MAX_FILES} files, each up to "
            f"{services.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB: "
            + ", ".join(sorted(e.lstrip(".").upper() for e in services.EVIDENCE_KINDS))
        ),
        required=False,
        # Empty files are let through so the refusal can name which file was empty.
        allow_empty_file=True,
        widget=MultipleFileInput,
    )

    def clean_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = forms.URLField().clean
        for number, line in enumerate(lines, start=1):
            try:
                validate(line)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    f"Link {number} is not a full web address: enter it like https://…"
                ) from error
        return "\n".join(lines)


class JudgementForm(PlatformForm):
    judgement = forms.ChoiceField(
        label="Is the group assured?",
        choices=AssuranceRequest.Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the group is assured"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the group's judgement"},
    )
    follow_up = forms.CharField(
        label="What happens next",
        help_text="Needed unless the group is fully assured",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        judgement = cleaned.get("judgement")
        if (
            judgement
            and judgement != AssuranceRequest.Judgement.ASSURED
            and not cleaned.get("follow_up", "").strip()
        ):
            self.add_error(
                "follow_up", "Enter what will happen next, since the group is not fully assured"
            )
        return cleaned


def _choices_only(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Radios without the blank "select an option" choice a model field brings."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)
    label = str(field.label).lower()
    field.error_messages["invalid_choice"] = f"Select one of the options for {label}"


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
