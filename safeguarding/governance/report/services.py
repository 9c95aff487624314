"""Publishing the annual report: each edition frozen and kept for ever."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED
from safeguarding.core.services import log_action
from safeguarding.governance.models import PartnershipYear, PublishedReport
from safeguarding.governance.report.documents import annual_report_body, annual_report_pdf
from safeguarding.governance.report.queries import annual_report


def annual_report_publish(
    *, actor: User, year: PartnershipYear, base_url: str, today: date | None = None
) -> PublishedReport:
    """Publish the year's annual report as it stands now: a new edition, its text and PDF
    frozen and kept for ever, superseding (never replacing) any earlier edition.

    The report and its PDF are drawn before the transaction, so the database is held only
    for the moment it takes to store them.
    """
    drawn = annual_report(year=year, today=today)
    body = annual_report_body(report=drawn)
    pdf = annual_report_pdf(report=drawn, base_url=base_url, body=body)
    with transaction.atomic():
        year = PartnershipYear.objects.select_for_update().get(pk=year.pk)
        latest = year.editions.order_by("-edition").first()
        edition = PublishedReport(
            year=year,
            edition=(latest.edition + 1) if latest else 1,
            published_by=actor,
            body_html=body,
            body_sha256=hashlib.sha256(body.encode()).hexdigest(),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        edition.pdf.save(
            f"{slugify(year.label)}-edition-{edition.edition}-{edition.pdf_sha256[:12]}.pdf",
            ContentFile(pdf),
            save=False,
        )
        edition.save()
        before = year.report_published_on
        year.report_published_on = today or timezone.localdate()
        year.save(update_fields=["report_published_on"])
        log_action(
            actor=actor,
            action=RECORD_CHANGED,
            target=year,
            changes={
                "report published on": [
                    before.isoformat() if before else None,
                    year.report_published_on.isoformat(),
                ],
                "edition": [latest.edition if latest else None, edition.edition],
            },
        )
        log_action(
            actor=actor,
            action=RECORD_CREATED,
            target=edition,
            changes={"pdf sha256": [None, edition.pdf_sha256]},
        )
    return edition
