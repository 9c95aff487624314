"""Template filters that give Django's widgets their GOV.UK Frontend classes."""

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString

from safeguarding.core import panels as registry

register = template.Library()

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "number": "govuk-input govuk-input--width-10",
    "date": "govuk-input govuk-input--width-10",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the GOV.UK class for its type, marked in error if needed."""
    classes = WIDGET_CLASSES.get(field.widget_type, "govuk-input").split()
    if field.errors and classes[0] in ERROR_CLASSES:
        classes.append(ERROR_CLASSES[classes[0]])
    own = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": " ".join([*classes, own]).strip()})


@register.filter
def govuk_error_target(field: BoundField) -> str:
    """The id an error summary link should move focus to."""
    if field.widget_type in {"radioselect", "checkboxselectmultiple"}:
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter(needs_autoescape=True)
def govuk_paragraphs(text: str, autoescape: bool = True) -> SafeString:
    """Plain text with blank lines between paragraphs, as GOV.UK body paragraphs."""
    escape = conditional_escape if autoescape else str
    paragraphs = [p.strip() for p in str(text).replace("\r\n", "\n").split("\n\n") if p.strip()]
    return format_html_join(
        "\n", '<p class="govuk-body">{}</p>', ((escape(p),) for p in paragraphs)
    )


@register.simple_tag(takes_context=True)
def panels(context: template.Context, place: str, subject: object) -> SafeString:
    """Draw the panels other apps have registered for this place (see core/panels.py)."""
    return registry.render(place, context.get("request"), subject)


@register.filter
def sentence(text: str) -> str:
    """The text ended as a sentence: a full stop added unless it already ends with one,
    a question mark, an exclamation mark or an ellipsis."""
    text = str(text).rstrip()
    if not text or text[-1] in ".?!…":
        return text
    return f"{text}."
