"""What a paragraph of prose names, outside the lists `propose` reads by their headings.

New work a sentence promises, and new things whose launch it speaks of
(`planned_work.py`); an event its heading names that the paragraph says is to come; lists
inside a sentence (`sentence_lists.py`); and advice or a recommendation, a learning point
(`learning_section.py`).
"""

from safeguarding.assist.importing.findings import Findings
from safeguarding.assist.importing.groups import GroupMatcher
from safeguarding.assist.importing.learning_section import asked_in_prose
from safeguarding.assist.importing.planned_work import announces_event, launches, work_promised
from safeguarding.assist.importing.sentence_lists import sentence_lists
from safeguarding.governance.models import PlannedWork


def promised_work_found(paragraph: str, *, found: Findings) -> None:
    """Keep the new work `paragraph` promises, or says is being planned or launched."""
    for title in work_promised(paragraph):
        reason = "A sentence promising new work, or saying it is being planned"
        found.planned_added(title, source=paragraph, reason=reason)
    for name in launches(paragraph):
        reason = "A sentence speaking of the launch of something new, made"
        found.planned_added(
            name, source=paragraph, reason=reason, kind=PlannedWork.Kind.DEVELOPMENT
        )


def prose_read(
    paragraph: str,
    *,
    found: Findings,
    heading: str,
    event: str | None,
    matcher: GroupMatcher,
) -> bool:
    """Keep what a paragraph outside any list names; whether it announced `event`, the
    event its heading names, as still to come."""
    announced = False
    if event is not None and announces_event(event, paragraph):
        reason = "A heading naming an event that the paragraph beneath says is to come"
        found.planned_added(event, source=f"{event}\n{paragraph}", reason=reason)
        announced = True
    for listed in sentence_lists(paragraph):
        reason = f"Named in the sentence “{listed.sentence}”"
        for item in listed.items:
            if listed.kind == "planned":
                found.planned_added(item, source=paragraph, reason=reason)
            else:
                found.priority_added(item, source=paragraph, reason=reason)
    point = asked_in_prose(paragraph, heading=heading, matcher=matcher)
    if point is not None:
        found.learning_added(point)
    return announced
