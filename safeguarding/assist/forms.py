"""The upload form and the review screen's forms, one formset for each kind of proposal."""

from collections.abc import Iterator, Sequence
from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.assist.importing.proposal import ProposedLearningPoint
from safeguarding.assist.origins import ORIGIN, origin_of, origin_sent, proposed_index
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


NEEDED_FOR_A_NEW_YEAR = ("new_label", "new_starts_on", "new_ends_on")


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in NEEDED_FOR_A_NEW_YEAR:
            field = self.fields[name]
            # Not required by the field, since choosing a year needs none of them, but
            # needed for a new year (checked in `clean`): "(optional)" would mislead.
            field.optional_label = False  # type: ignore[attr-defined]
            field.help_text = "Needed for a new year"

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

    def chosen_year(self) -> PartnershipYear:
        """The year chosen, or the new year described (not yet saved: accepting makes it)."""
        chosen: PartnershipYear | None = self.cleaned_data["year"]
        if chosen is not None:
            return chosen
        return PartnershipYear(
            label=self.cleaned_data["new_label"].strip(),
            starts_on=self.cleaned_data["new_starts_on"],
            ends_on=self.cleaned_data["new_ends_on"],
        )


class KeepForm(PlatformForm):
    keep = forms.BooleanField(label="Keep", required=False)
    # Which proposed item this is (see origins.py): never shown, never saved.
    origin = forms.CharField(required=False, widget=forms.HiddenInput)
    # Where the item came from in the document and why it was proposed, shown beside it.
    source = ""
    reason = ""

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
    priority = forms.ChoiceField(
        label="Priority it belongs to",
        choices=[],
        error_messages={"required": "Choose the priority it belongs to"},
    )

    def __init__(self, *args: Any, priority_titles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["priority"]
        assert isinstance(field, forms.ChoiceField)
        choices = [(str(i), title) for i, title in enumerate(priority_titles)]
        if self.is_bound and self.data.get(self.add_prefix("priority")) == "":
            # Its priority was made another kind: a browser would otherwise show (and
            # send) the first priority as if it had been chosen.
            choices.insert(0, ("", "Choose the priority"))
        field.choices = choices


class ReviewPlannedWorkForm(KeepForm):
    title = forms.CharField(
        label="Planned work", max_length=400, error_messages={"required": "Enter the work"}
    )
    kind = forms.ChoiceField(label="Kind", choices=PlannedWork.Kind.choices)
    owner_group = forms.ModelChoiceField(
        label="Owner", queryset=PartnershipGroup.objects.all(), required=False, empty_label="None"
    )
    golden_thread = forms.BooleanField(label="Golden thread", required=False)


ALL_PARTNERS = "all"


class _OwnerChoices(ModelChoiceIterator[Any]):
    """Nothing chosen, then All partners, then the groups."""

    def __iter__(self) -> Iterator[Any]:
        choices = super().__iter__()
        yield next(choices)  # the empty choice: the field always has an empty_label
        yield (ALL_PARTNERS, "All partners")
        yield from choices

    def __len__(self) -> int:
        return super().__len__() + 1


class OwnerField(forms.ModelChoiceField[Any]):
    """A learning point's owner: a group, or All partners chosen as such (cleaned as None).

    Nothing chosen is refused, so a point is never given to all partners because a box
    was left as it came, such as when the document names a group the platform lacks.
    """

    iterator = _OwnerChoices

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=PartnershipGroup.objects.all(),
            empty_label="Choose the group",
            error_messages={"required": "Choose the group that owns this, or All partners"},
            **kwargs,
        )

    def clean(self, value: Any) -> PartnershipGroup | None:
        if value == ALL_PARTNERS:
            return None
        group: PartnershipGroup | None = super().clean(value)
        return group


class ReviewLearningForm(KeepForm):
    theme = forms.CharField(
        label="Theme", max_length=200, error_messages={"required": "Enter the theme"}
    )
    summary = forms.CharField(
        label="Learning",
        max_length=300,
        # A sentence, often long: all of it is shown, not a box's width of it.
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the learning"},
    )
    detail = forms.CharField(label="Detail", required=False, widget=forms.HiddenInput)
    owning_group = OwnerField(label="Owner")
    expectation = forms.ChoiceField(
        label="The owner must", choices=LearningPoint.Expectation.choices
    )
    golden_thread = forms.BooleanField(label="Golden thread", required=False)

    def __init__(self, *args: Any, unknown_owner: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not unknown_owner:
            return
        field = self.fields["owning_group"]
        message = (
            f"“{unknown_owner}” is not a group on the platform: choose the group that owns "
            "this, or All partners"
        )
        field.error_messages["required"] = message
        # Said once: as a hint until the review is sent without an owner, then as the error.
        unchosen = self.sent_as_kept() and not self.data.get(self.add_prefix("owning_group"))
        if not unchosen:
            field.help_text = message


class LearningFormSetBase(forms.BaseFormSet[Any]):
    """Learning point forms, each told the group its document named but the platform lacks."""

    def __init__(
        self, *args: Any, unknown_owners: Sequence[str | None] = (), **kwargs: Any
    ) -> None:
        self.unknown_owners = list(unknown_owners)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is None:
            return kwargs
        # The point may have moved since it was proposed: its origin says which it is.
        prefix = self.prefix or self.get_default_prefix()
        origin = origin_sent(self.data if self.is_bound else None, prefix, index)
        proposed = proposed_index(origin, prefix)
        if proposed is not None and proposed < len(self.unknown_owners):
            kwargs["unknown_owner"] = self.unknown_owners[proposed]
        return kwargs


PriorityFormSet = forms.formset_factory(ReviewPriorityForm, extra=0)
StrandFormSet = forms.formset_factory(ReviewStrandForm, extra=0)
PlannedWorkFormSet = forms.formset_factory(ReviewPlannedWorkForm, extra=0)
LearningFormSet = cast(
    type[LearningFormSetBase],
    forms.formset_factory(ReviewLearningForm, formset=LearningFormSetBase, extra=0),
)


def priority_titles(data: Any, proposed: list[str]) -> list[str]:
    """The priorities a strand can belong to: those the screen sent, as worded there,
    or those proposed when nothing was sent (or the screen's counts were lost)."""
    total = data.get("priorities-TOTAL_FORMS", "") if data is not None else ""
    if not total.isdigit() or int(total) > PriorityFormSet.absolute_max:
        return proposed
    return [
        data.get(f"priorities-{i}-title", "").strip() or f"Priority {i + 1}"
        for i in range(int(total))
    ]


def learning_formset(data: Any, points: Sequence[ProposedLearningPoint]) -> LearningFormSetBase:
    """The review's learning point forms, from the proposal's points.

    A point whose group is on the platform starts with it chosen, and one naming no group
    with All partners. One naming a group the platform lacks (or no longer has) starts
    with nothing chosen, so a person decides who owns it.
    """
    groups = {group.name: group.pk for group in PartnershipGroup.objects.all()}
    initial, unknown = [], []
    for number, point in enumerate(points):
        named = point.group_name or point.named_group_text
        owner = groups.get(point.group_name or "")
        initial.append(
            {
                "keep": True,
                ORIGIN: origin_of("learning", number),
                "theme": point.theme,
                "summary": point.summary,
                "detail": point.detail,
                "owning_group": owner or ("" if named else ALL_PARTNERS),
                "expectation": point.expectation,
                "golden_thread": point.golden_thread,
            }
        )
        unknown.append(None if owner or not named else named)
    return LearningFormSet(data, prefix="learning", initial=initial, unknown_owners=unknown)
