"""GOV.UK Frontend rendering for every Django form, and the core app's own forms."""

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.http.request import validate_host

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.text_limits import LONG_TEXT, SHORT_TEXT


class GovukFormRenderer(TemplatesSetting):
    """Render forms and fields with the GOV.UK Frontend markup in templates/govuk/."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class TextLengthLimit(MaxLengthValidator):
    """Refuses text over its limit with a message that names the box and says by how
    much, in the GOV.UK style, rather than Django's "Ensure this value has at most…"."""

    def __init__(self, limit: int, what: str) -> None:
        super().__init__(limit)
        self.what = what

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                f"“{self.what}” must be {self.limit_value:,} characters or fewer. "
                f"It has {len(value):,}",
                code="too_long",
            )


class TextLimits:
    """Gives every text box of a form a length limit: a long box (a textarea)
    LONG_TEXT characters, any other SHORT_TEXT, unless the field sets its own. Without
    it a 2 MB narrative was stored, and one over the upload size got a bare 400.

    The limit is checked on the server only: a browser's `maxlength` cuts pasted text
    off without a word, so it is taken out."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or field.widget.is_hidden:
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            if field.max_length is None:
                long_box = isinstance(field.widget, forms.Textarea)
                field.max_length = LONG_TEXT if long_box else SHORT_TEXT
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            what = str(field.label or pretty_name(name))
            field.validators.append(TextLengthLimit(field.max_length, what))
            field.widget.attrs.pop("maxlength", None)


class PlatformForm(TextLimits, forms.Form):
    """A form of the platform: text boxes limited (TextLimits)."""


class PlatformModelForm(TextLimits, forms.ModelForm[Any]):
    """A model form of the platform: text boxes limited (TextLimits)."""


class DateInput(forms.DateInput):
    """A browser date picker. `<input type="date">` takes only ISO dates (2026-11-12);
    the British format the locale would write (12/11/2026) leaves the box blank, and
    the saved date is lost on the next save."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_errors(what: str) -> dict[str, str]:
    """Error messages for a date field, naming the date the person is asked for."""
    return {
        "required": f"Enter {what}",
        "invalid": f"Enter {what} as a real date, like 2026-03-31",
    }


class PartnershipForm(PlatformModelForm):
    class Meta:
        model = Partnership
        fields = Partnership.EDITABLE
        error_messages = {
            "name": {"required": "Enter the partnership's name"},
            "short_name": {"required": "Enter a short name, such as the partnership's initials"},
            "area": {"required": "Enter the area the partnership covers"},
            "quick_exit_url": {
                "required": "Enter the web address the Exit this page button goes to",
                "invalid": "Enter the quick exit destination as a full web address, "
                "like https://www.bbc.co.uk/weather",
            },
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
        }

    def clean_quick_exit_url(self) -> str:
        url: str = self.cleaned_data["quick_exit_url"]
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address that starts with https://")
        # Leaving for a page of this platform would leave the person where they were.
        host = (urlsplit(url).hostname or "").lower()
        own_hosts = [pattern for pattern in settings.ALLOWED_HOSTS if pattern != "*"]
        if validate_host(host, own_hosts):
            raise forms.ValidationError(
                "Enter the address of another website: the quick exit must leave this one"
            )
        return url


class AgencyForm(PlatformModelForm):
    # Declared here so the radios have no blank "select an option" choice.
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=Agency.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agency"},
    )

    class Meta:
        model = Agency
        fields = Agency.EDITABLE
        labels = {
            "slug": "Short name for web addresses",
            "is_safeguarding_partner": "This is a statutory safeguarding partner",
            "is_active": "Takes part in the partnership now",
        }
        help_texts = {"slug": "Lower-case letters, numbers and hyphens, like city-council"}
        error_messages = {
            "name": {
                "required": "Enter the agency's name",
                "unique": "An agency with this name already exists",
            },
            "slug": {
                "required": "Enter a short name for web addresses",
                "invalid": "Use only lower-case letters, numbers and hyphens in the short name",
                "unique": "Another agency already uses this short name",
            },
            "website": {"invalid": "Enter the website as a full web address, like https://…"},
        }
