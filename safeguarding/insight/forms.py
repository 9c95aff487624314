"""Forms for loading reference data and choosing the disclosure policy."""

from django import forms
from django.utils import timezone

from safeguarding.core.forms import PlatformForm
from safeguarding.insight.suppression import POLICIES


class PopulationForm(PlatformForm):
    upload = forms.FileField(
        label="Population table",
        help_text=(
            "A CSV or Excel file with a column children and any of ethnicity, sex, age_band, "
            "deprivation_decile and locality, coded as in the returns"
        ),
        allow_empty_file=True,
        error_messages={"required": "Choose the file of the population table"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title, such as Mid-year estimates 2024"},
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the figures come from, such as ONS mid-year estimates and Census 2021",
        error_messages={"required": "Enter where the figures come from"},
    )
    year = forms.IntegerField(
        label="Year the estimates are for",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year the estimates are for, such as 2024",
            "invalid": "Enter the year as a number, such as 2024",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
    )
    is_illustrative = forms.BooleanField(
        label="These are illustrative figures, not real estimates", required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class PublishedFiguresForm(PlatformForm):
    upload = forms.FileField(
        label="Published figures",
        help_text="A CSV file with the columns indicator, period, comparator and value",
        allow_empty_file=True,
        error_messages={"required": "Choose the CSV file of published figures"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title, such as Children in need 2025"},
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        error_messages={"required": "Enter where the figures were published"},
    )
    is_illustrative = forms.BooleanField(
        label="These are illustrative figures, not published ones", required=False
    )


class DisclosurePolicyForm(PlatformForm):
    policy = forms.ChoiceField(
        label="Disclosure policy",
        choices=[(p.slug, p.label) for p in POLICIES.values()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a disclosure policy",
            "invalid_choice": "Select one of the disclosure policies listed",
        },
    )
