"""Insight pages: the indicators, an indicator's trend and disproportionality, a priority's
golden thread, linked outcomes, and their downloads."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from safeguarding.accounts.models import User
from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.exports import csv_response, xlsx_response
from safeguarding.core.views import DownloadLimitMixin
from safeguarding.governance.queries import year_current
from safeguarding.insight import comparisons, exports, pages, queries, services
from safeguarding.insight.chart_files import chart_png, chart_svg
from safeguarding.insight.outcomes import linked_outcomes
from safeguarding.returns.models import Indicator


class InsightPageMixin(SignedInPageMixin):
    permission_required = "insight.view_insight"


class HomeView(InsightPageMixin, TemplateView):
    """Every indicator's latest figure, and the ways into the rest of insight."""

    template_name = "insight/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        with queries.open_figures() as warehouse:
            context["summaries"] = queries.indicators_overview(warehouse=warehouse)
        year = year_current()
        context.update(
            year=year,
            priorities=year.priorities.all() if year else [],
            population=queries.current_population(),
            policy=queries.disclosure_policy(),
        )
        return context


def _indicator(code: str) -> Indicator:
    return queries.indicator_get(code=code)


def _export(person: User, *, fmt: str, name: str, title: str, table: exports.Table) -> HttpResponse:
    header, rows = table
    services.insight_table_exported(actor=person, title=title, fmt=fmt)
    if fmt == "csv":
        return csv_response(filename=f"{name}.csv", header=header, rows=rows)
    return xlsx_response(filename=f"{name}.xlsx", title=title, header=header, rows=rows)


def _chart_file(name: str, fmt: str, spec: dict[str, Any]) -> HttpResponse:
    if fmt == "svg":
        response = HttpResponse(chart_svg(spec), content_type="image/svg+xml")
    else:
        response = HttpResponse(chart_png(spec), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class IndicatorView(InsightPageMixin, TemplateView):
    """An indicator's trend against its target and published figures, by agency, with
    what each agency said."""

    template_name = "insight/indicator.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        indicator = _indicator(self.kwargs["code"])
        with queries.open_figures() as warehouse:
            trend = queries.indicator_trend(
                indicator=indicator, warehouse=warehouse, viewer=self.person
            )
        services.narratives_read(actor=self.person, submissions=trend.narratives)
        context.update(
            indicator=indicator,
            trend=trend,
            chart=pages.trend_chart(trend) if trend.points else None,
            breakdowns=comparisons.breakdowns_of(trend.version),
        )
        return context


class IndicatorDownloadView(DownloadLimitMixin, InsightPageMixin, View):
    """The trend as CSV or Excel, or its chart as SVG or PNG."""

    def get(self, request: HttpRequest, code: str, fmt: str) -> HttpResponse:
        indicator = _indicator(code)
        with queries.open_figures() as warehouse:
            trend = queries.indicator_trend(indicator=indicator, warehouse=warehouse)
        name = f"{indicator.code}-trend"
        if fmt in ("svg", "png"):
            # No drawing where no period has a figure that can be shown (every one
            # suppressed, say): an empty chart would read as missing returns.
            spec = pages.trend_chart(trend).spec if trend.points else None
            if spec is None:
                raise Http404("This indicator has no figures to draw")
            return _chart_file(name, fmt, spec)
        return _export(
            self.person, fmt=fmt, name=name, title=indicator.title, table=exports.trend_rows(trend)
        )


def _disproportionality(request: HttpRequest, code: str) -> comparisons.IndicatorDisproportionality:
    indicator = _indicator(code)
    with queries.open_figures() as warehouse:
        return comparisons.indicator_disproportionality(
            indicator=indicator,
            warehouse=warehouse,
            breakdown=request.GET.get("breakdown") or None,
            reference=request.GET.get("reference") or None,
            period=request.GET.get("period") or None,
        )


class DisproportionalityPageView(InsightPageMixin, TemplateView):
    """An indicator by one breakdown: rates, relative rates with their intervals, the
    groups flagged, standardised rates and stage-to-stage rates where they apply."""

    template_name = "insight/disproportionality.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        disproportionality = _disproportionality(self.request, self.kwargs["code"])
        query = pages.query_string(disproportionality)
        context.update(
            disproportionality=disproportionality,
            indicator=disproportionality.indicator,
            chart=(
                pages.relative_chart(disproportionality, query)
                if disproportionality.comparison and disproportionality.comparison.compared
                else None
            ),
            query=query,
            references=pages.reference_choices(disproportionality),
            period_links=pages.period_links(disproportionality)
            if disproportionality.unavailable
            else [],
            breakdown_choices=[
                (b, queries.BREAKDOWN_TITLES[b]) for b in disproportionality.breakdowns
            ],
            policy=queries.disclosure_policy(),
        )
        return context


class DisproportionalityDownloadView(DownloadLimitMixin, InsightPageMixin, View):
    """The disproportionality table as CSV or Excel (suppressed), or its chart."""

    def get(self, request: HttpRequest, code: str, fmt: str) -> HttpResponse:
        disproportionality = _disproportionality(request, code)
        indicator = disproportionality.indicator
        name = f"{indicator.code}-{disproportionality.breakdown or 'none'}-disproportionality"
        if fmt in ("svg", "png"):
            spec = (
                pages.relative_chart(disproportionality, "").spec
                if disproportionality.comparison is not None
                and disproportionality.comparison.compared
                else None
            )
            if spec is None:
                raise Http404("No group can be compared, so there is nothing to draw")
            return _chart_file(name, fmt, spec)
        return _export(
            self.person,
            fmt=fmt,
            name=name,
            title=f"{indicator.title} by {disproportionality.breakdown_title.lower()}",
            table=exports.disproportionality_rows(disproportionality),
        )


class GoldenThreadView(InsightPageMixin, TemplateView):
    """A priority's golden thread: every indicator its measures name, by every breakdown,
    with the groups significantly over- or under-represented."""

    template_name = "insight/golden_thread.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        priority = queries.priority_get(pk=self.kwargs["pk"])
        with queries.open_figures() as warehouse:
            lines = comparisons.golden_thread(priority=priority, warehouse=warehouse)
        context.update(priority=priority, lines=lines)
        return context


class LinkedOutcomesView(InsightPageMixin, TemplateView):
    """Outcomes found by joining children's events across returns."""

    template_name = "insight/linked_outcomes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        with queries.open_figures() as warehouse:
            outcomes = linked_outcomes(
                warehouse=warehouse, breakdown=self.request.GET.get("breakdown") or "ethnicity"
            )
        context.update(
            outcomes=outcomes,
            breakdowns=list(queries.BREAKDOWN_TITLES.items()),
            download=reverse("insight:outcomes_download", args=["csv"])
            + f"?breakdown={outcomes.breakdown}",
        )
        return context


class LinkedOutcomesDownloadView(DownloadLimitMixin, InsightPageMixin, View):
    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        with queries.open_figures() as warehouse:
            outcomes = linked_outcomes(
                warehouse=warehouse, breakdown=request.GET.get("breakdown") or "ethnicity"
            )
        return _export(
            self.person,
            fmt=fmt,
            name=f"linked-outcomes-{outcomes.breakdown}",
            title="Linked outcomes",
            table=exports.outcome_rows(outcomes),
        )
