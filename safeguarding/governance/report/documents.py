"""The annual report as a document: its sections as HTML, and its PDF."""

from django.template.loader import render_to_string

from safeguarding.governance.report.queries import AnnualReport


def annual_report_body(*, report: AnnualReport) -> str:
    """The report's sections as HTML, as the page and the PDF both show them."""
    return render_to_string("governance/report/body.html", {"report": report})


def annual_report_pdf(*, report: AnnualReport, base_url: str, body: str | None = None) -> bytes:
    """The report as a PDF, drawn by WeasyPrint from the same sections as the page.

    It is tagged (PDF/UA-1) with its title and language, so a screen reader can follow
    its headings and tables."""
    from weasyprint import HTML  # imported here: it loads system libraries on import

    body = annual_report_body(report=report) if body is None else body
    html = render_to_string("governance/report/pdf.html", {"report": report, "body": body})
    return bytes(HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1"))
