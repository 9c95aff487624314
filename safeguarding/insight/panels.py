"""What insight adds to other apps' pages: each outcome measure's latest figure (on its
priority's page and in the annual report), and the indicators needing attention on the
staff home page."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from safeguarding.core.panels import register
from safeguarding.insight import queries
from safeguarding.returns.models import Indicator


def measure_figure(request: HttpRequest | None, measure: Any) -> str:
    """The latest figure, suppressed, of the indicator an outcome measure names, for a
    period within its priority's year."""
    code = getattr(measure, "indicator_code", "")
    indicator = Indicator.objects.prefetch_related("versions").filter(code=code).first()
    if indicator is None:
        return ""
    priority = getattr(measure, "priority", None)
    year_ends = priority.year.ends_on if priority is not None else None
    with queries.open_figures() as warehouse:
        summary = queries.indicator_summary(
            indicator=indicator, warehouse=warehouse, up_to=year_ends
        )
    return render_to_string(
        "insight/panels/measure.html",
        {"summary": summary, "year_ends": year_ends},
        request=request,
    )


def needing_attention(request: HttpRequest | None, user: Any) -> str:
    """Indicators whose latest figure is beyond its alert threshold, for staff."""
    if request is None or not request.user.has_perm("insight.view_insight"):
        return ""
    with queries.open_figures() as warehouse:
        summaries = [
            s for s in queries.indicators_overview(warehouse=warehouse) if s.status.colour == "red"
        ]
    return render_to_string(
        "insight/panels/staff_home.html", {"summaries": summaries}, request=request
    )


def register_panels() -> None:
    register("outcome_measure", measure_figure)
    register("staff_home", needing_attention)
