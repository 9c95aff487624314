"""Every read assist's pages need, through the visible-to querysets in permissions.py."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from safeguarding.accounts.models import User
from safeguarding.assist.importing.lines import Line, read_lines
from safeguarding.assist.models import DocumentImport
from safeguarding.assist.permissions import document_imports_visible_to
from safeguarding.governance.models import PartnershipYear


def document_imports_recent(*, user: User, limit: int = 20) -> QuerySet[DocumentImport]:
    """The documents read most recently, newest first, for the upload page."""
    imports = document_imports_visible_to(user).select_related("created_by", "year")
    return imports[:limit]


def document_import_get(*, user: User, pk: int) -> DocumentImport:
    """One document import this person may open; 404 for any other."""
    return get_object_or_404(document_imports_visible_to(user).select_related("year"), pk=pk)


def year_labelled(label: str) -> PartnershipYear | None:
    """The year a document names, if the partnership has one called that."""
    return PartnershipYear.objects.filter(label=label).first() if label else None


def document_passages(*, document: DocumentImport) -> list[Line]:
    """The document as the review screen shows it beside the proposals: its headings, list
    items and paragraphs in order, without page furniture, each of which a person can
    turn into a priority, planned work or a learning point."""
    return read_lines(document.text)
