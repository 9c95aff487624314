"""Document import: read a partnership document and propose what it asks for.

`document_text` turns an upload (plain text, Word .docx or PDF) into text, refusing with
`ImportRefused` what it cannot read safely; `propose` turns that text into a `Proposal`
of priorities, strands, planned work and learning points. Nothing here saves anything:
a person checks the proposal and decides.
"""

from safeguarding.assist.importing.extract import ImportRefused, document_text
from safeguarding.assist.importing.proposal import (
    Proposal,
    ProposedLearningPoint,
    ProposedPlannedWork,
    ProposedPriority,
    ProposedStrand,
)
from safeguarding.assist.importing.propose import propose

__all__ = [
    "ImportRefused",
    "Proposal",
    "ProposedLearningPoint",
    "ProposedPlannedWork",
    "ProposedPriority",
    "ProposedStrand",
    "document_text",
    "propose",
]
