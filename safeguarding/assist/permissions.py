"""Who may use assist's tools.

Document import turns a partnership document into the plan's records, so it belongs to
those who run the plan: the business unit. The rule for one import sits beside the
queryset of the imports a person may see, and the two are tested to agree.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import all_or_none, is_business_unit


def document_imports_visible_to(user: Any) -> QuerySet[DocumentImport]:
    """Every document import `assist.import_document` lets this person open, review and
    decide: all of them for the business unit; none for anyone else."""
    return all_or_none(is_business_unit(user), DocumentImport.objects.all())


# Reading a document, and reviewing, accepting or discarding what one proposes.
rules.add_perm("assist.import_document", is_business_unit)
