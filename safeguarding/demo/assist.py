"""The demo's document import: a plan for the coming year, read and waiting for review.

Written for Northgate in the project's own words, so the review screen shows what the
reading does: priorities from a list a sentence introduces (one of them already held in
2025-26, so marked as a repeat), work under a heading with none of the section words
(which the local model reads as planned work, where it is installed), a promise of new
work in a sentence, and learning naming a group in other words than the partnership's.
"""

from safeguarding.accounts.models import User
from safeguarding.assist import services
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role

DEMO_DOCUMENT_NAME = "Northgate plan for 2026-27.txt"
DEMO_DOCUMENT = """Northgate Safeguarding Children Partnership: our plan for 2026-27

The partnership agreed its priorities for 2026-27 at the Executive in March. They are:
\u2022 Children who live with domestic abuse
\u2022 Neglect: children's basic needs are seen and met early
\u2022 Children missing from education

What we will do
\u2022 A multi-agency audit of neglect referrals from schools
\u2022 A practitioner conference on children missing from education

Over the summer a short guide will be developed to help schools share worries about a \
child's attendance with the family help service.

Key learning

Information sharing
The Learning and Review Subgroup will seek assurance that partners share information \
with the strategy discussion in time for the child's needs to be understood.

Working with fathers
Practitioners should find out who is in the household and speak with the men who care \
for the child, not only with the mother.
"""


def load_demo_import() -> None:
    """Read the demo plan as the business unit, unless it has been read already."""
    if DocumentImport.objects.filter(original_name=DEMO_DOCUMENT_NAME).exists():
        return
    actor = User.objects.get(role=Role.BUSINESS_UNIT, is_demo=True)
    services.document_import_read(
        actor=actor, name=DEMO_DOCUMENT_NAME, data=DEMO_DOCUMENT.encode("utf-8")
    )
