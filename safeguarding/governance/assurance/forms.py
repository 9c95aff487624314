"""Forms for the assurance cycle: asking, answering with evidence, and judging."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.accounts.queries import agencies_without_leads, groups_without_chairs
from safeguarding.core.forms import DateInput, PlatformForm, date_errors
from safeguarding.core.models import Agency
from safeguarding.governance.assurance import queries
from safeguarding.governance.assurance.services import (
    EVIDENCE_KINDS,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_FILES,
)
from safeguarding.governance.models import AssuranceRequest, LearningPoint


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
        agencies = queries.agencies_to_ask()
        groups = queries.groups_to_ask(asking=group)
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
            queries.learning_points_to_follow_up(group=group),
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
            f"Up to {EVIDENCE_MAX_FILES} files, each up to "
            f"{EVIDENCE_MAX_BYTES // (1024 * 1024)} MB: "
            + ", ".join(sorted(e.lstrip(".").upper() for e in EVIDENCE_KINDS))
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


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
