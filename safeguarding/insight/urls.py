from django.urls import path, register_converter

from safeguarding.insight import reference_views, views


class TableFormat:
    """A download of a table: CSV or Excel."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FigureFormat(TableFormat):
    """A download of a table, or of its chart as SVG or PNG."""

    regex = "csv|xlsx|svg|png"


register_converter(TableFormat, "table")
register_converter(FigureFormat, "figure")

app_name = "insight"

urlpatterns = [
    path("insight/", views.HomeView.as_view(), name="home"),
    path("insight/indicators/<slug:code>/", views.IndicatorView.as_view(), name="indicator"),
    path(
        "insight/indicators/<slug:code>/trend.<figure:fmt>",
        views.IndicatorDownloadView.as_view(),
        name="indicator_download",
    ),
    path(
        "insight/indicators/<slug:code>/disproportionality/",
        views.DisproportionalityPageView.as_view(),
        name="disproportionality",
    ),
    path(
        "insight/indicators/<slug:code>/disproportionality.<figure:fmt>",
        views.DisproportionalityDownloadView.as_view(),
        name="disproportionality_download",
    ),
    path(
        "insight/priorities/<int:pk>/golden-thread/",
        views.GoldenThreadView.as_view(),
        name="golden_thread",
    ),
    path("insight/linked-outcomes/", views.LinkedOutcomesView.as_view(), name="outcomes"),
    path(
        "insight/linked-outcomes.<table:fmt>",
        views.LinkedOutcomesDownloadView.as_view(),
        name="outcomes_download",
    ),
    path("insight/population/", reference_views.PopulationView.as_view(), name="population"),
    path(
        "insight/population/<int:pk>.csv",
        reference_views.PopulationDownloadView.as_view(),
        name="population_download",
    ),
    path(
        "insight/published-figures/",
        reference_views.PublishedFiguresView.as_view(),
        name="published_figures",
    ),
    path("insight/settings/", reference_views.SettingsView.as_view(), name="settings"),
]
