"""The project's URLs plus one test-only page showing charts, for tests/browser.

The insight pages may not exist yet, so the chart component is shown on a page of its own,
rendered by the project's template engine; the site's middleware, the Content Security Policy
among it, applies to it as to any page.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from safeguarding.insight.charts import Chart, bar_spec, relative_rate_spec, trend_spec

PAGE = """{% load static %}<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>Chart test page</title>
  <link rel="icon" href="{% static 'images/favicon.svg' %}" type="image/svg+xml">
  <link rel="stylesheet" href="{% static 'app.css' %}">
</head>
<body class="govuk-template__body">
  <main class="govuk-main-wrapper govuk-width-container" id="main-content">
    <h1 class="govuk-heading-l">Chart test page</h1>
    {% for chart in charts %}
      {% include "insight/components/chart.html" with chart=chart %}
    {% endfor %}
  </main>
</body>
</html>"""

PERIODS = ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
NORTHGATE = [21.5, 22.0, None, 19.0, 18.5, 17.0]
ENGLAND = [20.1, 20.2, 20.3, 20.4, 20.5, 20.6]
RATES: list[dict[str, Any]] = [
    {"group": "Black Caribbean", "value": 2.1, "lower": 1.4, "upper": 3.2, "flag": "higher"},
    {"group": "Indian", "value": 0.45, "lower": 0.3, "upper": 0.7, "flag": "lower"},
    {"group": "White Irish", "value": 1.1, "lower": 0.8, "upper": 1.5, "flag": "not significant"},
    {"group": "Roma", "value": None, "lower": None, "upper": None, "flag": "not significant"},
]
SOURCES: list[dict[str, Any]] = [
    {"label": "Police", "value": 120.0, "lower": 100.0, "upper": 140.0},
    {"label": "Schools", "value": 90.0, "lower": None, "upper": None},
    {"label": "Health", "value": None, "lower": None, "upper": None},
]


def trend_chart() -> Chart:
    title = "Re-referrals within 12 months"
    return Chart(
        id="re-referrals",
        title=title,
        summary=(
            "Northgate's re-referral rate fell from 21.5% in April 2025 to 17.0% in"
            " September 2025, below the 20% target and below England's rate."
        ),
        spec=trend_spec(
            title=title,
            points=[
                {"period": p, "value": v, "series": "Northgate"}
                for p, v in zip(PERIODS, NORTHGATE, strict=True)
            ],
            unit_label="Per cent of referrals",
            target=20,
            comparisons=[
                {"period": p, "value": v, "series": "England"}
                for p, v in zip(PERIODS, ENGLAND, strict=True)
            ],
        ),
        table_headers=["Month", "Northgate", "England"],
        table_rows=[
            [p, "[c]" if n is None else f"{n:.1f}%", f"{e:.1f}%"]
            for p, n, e in zip(PERIODS, NORTHGATE, ENGLAND, strict=True)
        ],
        svg_url="/chart.svg",
        png_url="/chart.png",
        csv_url="/chart.csv",
    )


def relative_rate_chart() -> Chart:
    title = "Child protection plans by ethnicity"
    return Chart(
        id="plans-by-ethnicity",
        title=title,
        summary="Black Caribbean children were 2.1 times as likely as White British children "
        "to be on a plan; Indian children less likely.",
        spec=relative_rate_spec(title=title, rows=RATES, reference_label="White British"),
        table_headers=["Group", "Relative rate", "95% interval", "Compared with White British"],
        table_rows=[
            [
                str(r["group"]),
                "[c]" if r["value"] is None else f"{r['value']:.2f}",
                "" if r["lower"] is None else f"{r['lower']:.2f} to {r['upper']:.2f}",
                str(r["flag"]),
            ]
            for r in RATES
        ],
    )


def bar_chart() -> Chart:
    title = "Contacts by source"
    return Chart(
        id="contacts-by-source",
        title=title,
        summary="The police made the most contacts, then schools.",
        spec=bar_spec(title=title, rows=SOURCES, value_label="Contacts per 10,000 children"),
        table_headers=["Source", "Contacts per 10,000 children"],
        table_rows=[
            [str(r["label"]), "[c]" if r["value"] is None else f"{r['value']:.0f}"] for r in SOURCES
        ],
    )


def chart_page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string(PAGE)
    charts = [trend_chart(), relative_rate_chart(), bar_chart()]
    return HttpResponse(template.render({"charts": charts}, request))


urlpatterns = [
    path("test-only/charts/", chart_page, name="test-charts"),
    path("", include("safeguarding.urls")),
]
