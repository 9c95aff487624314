"""The form an agency sends a return with."""

from django import forms


class SubmissionForm(forms.Form):
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
