"""Loading the reference data insight needs: population tables, published figures, and the
disclosure policy. Only the business unit and analysts may."""

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import FormView, View

from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.downloads import AuditedDownloadMixin
from safeguarding.insight import queries, services
from safeguarding.insight.forms import DisclosurePolicyForm, PopulationForm, PublishedFiguresForm
from safeguarding.insight.models import PopulationTable, PublishedFigureSet
from safeguarding.returns.records import record_csv_response


class ReferenceDataMixin(SignedInPageMixin):
    permission_required = "insight.load_reference_data"


class ReferenceUploadView(ReferenceDataMixin, FormView[Any]):
    """A list of the files loaded, newest first, and the form to load another. A refused
    file is shown again with every problem found; nothing is loaded."""

    model: type[PopulationTable] | type[PublishedFigureSet]
    url_name = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["loaded"] = queries.reference_files_loaded(model=self.model, user=self.person)
        context["problems"] = getattr(self, "problems", [])
        return context

    def load(self, form: Form, *, name: str, data: bytes) -> str:
        """Load the file and say what was loaded, or raise ReferenceDataRefused."""
        raise NotImplementedError

    def form_valid(self, form: Form) -> HttpResponse:
        upload = form.cleaned_data["upload"]
        try:
            done = self.load(form, name=upload.name, data=upload.read())
        except services.ReferenceDataRefused as error:
            form.add_error("upload", str(error))
            self.problems = error.problems
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect(self.url_name)


class PopulationView(ReferenceUploadView):
    template_name = "insight/population.html"
    form_class = PopulationForm
    model = PopulationTable
    url_name = "insight:population"

    def load(self, form: Form, *, name: str, data: bytes) -> str:
        table = services.population_load(
            actor=self.person,
            name=name,
            data=data,
            title=form.cleaned_data["title"],
            source=form.cleaned_data["source"],
            year=form.cleaned_data["year"],
            is_illustrative=form.cleaned_data["is_illustrative"],
        )
        return f"{table.title} is now the population table: {table.children:,} children"


class PopulationDownloadView(AuditedDownloadMixin, ReferenceDataMixin, View):
    """A population table as CSV, to check or edit and load again."""

    def download_subject(self, request: HttpRequest, **kwargs: Any) -> PopulationTable:
        return queries.population_table_get(pk=kwargs["pk"])

    def record_download(self, request: HttpRequest, subject: PopulationTable) -> None:
        services.reference_file_downloaded(actor=self.person, table=subject)

    def download_response(self, request: HttpRequest, subject: PopulationTable) -> HttpResponse:
        return record_csv_response(
            subject.record_path, filename=f"population-{subject.year}-{subject.pk}.csv"
        )


class PublishedFiguresView(ReferenceUploadView):
    template_name = "insight/published_figures.html"
    form_class = PublishedFiguresForm
    model = PublishedFigureSet
    url_name = "insight:published_figures"

    def load(self, form: Form, *, name: str, data: bytes) -> str:
        figure_set = services.published_figures_load(
            actor=self.person,
            name=name,
            data=data,
            title=form.cleaned_data["title"],
            source=form.cleaned_data["source"],
            is_illustrative=form.cleaned_data["is_illustrative"],
        )
        return f"{figure_set.title} loaded: {figure_set.row_count:,} figures"


class SettingsView(ReferenceDataMixin, FormView[DisclosurePolicyForm]):
    """The disclosure policy every insight page and download applies."""

    template_name = "insight/settings.html"
    form_class = DisclosurePolicyForm

    def get_initial(self) -> dict[str, Any]:
        return {"policy": queries.disclosure_policy().slug}

    def form_valid(self, form: Form) -> HttpResponse:
        services.disclosure_policy_set(actor=self.person, policy=form.cleaned_data["policy"])
        messages.success(self.request, "The disclosure policy has been saved")
        return redirect("insight:settings")
