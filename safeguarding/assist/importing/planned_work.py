"""What kind of planned work an item is, and events a document announces.

The kind comes from the item's words: a legal duty, then an event, then audit or review
work, then development work, else other.

A heading naming an event ("Children and adult services networking event", "SCP New
Website Launch Event") whose paragraph says it is still to come ("has been scheduled",
"will be launched", "there will be", "is delighted to announce") is an item of planned
work: a newsletter announces the partnership's coming events that way, with no "planned
work" heading anywhere. So is a document's title naming an event ("Safeguarding Practice
Week: Learning from Reviews"): the word "learning" in it names the event's subject and
starts no key learning (`names_event`).

A sentence promising something new is planned work too, wherever it stands: "…a video
will be developed to support practitioners" is "Develop a video to support
practitioners", "…a national lead will be commissioned" is "Commission a national
lead"; the thing promised is introduced by "a" or "an", since "the strategy will be
reviewed" may speak of the plan the work is already in. So is what a sentence says is
being planned: "Colleagues are now planning future workshops for…" is "Future
workshops for…". And so is each new thing whose launch a sentence speaks of, named in
capitals: "Through the launch of a new Learning from Reviews Toolkit and Safeguarding Theme
Overview Pack, practitioners will…" gives the toolkit and the pack, each development work
(a thing made), whatever its name's words; "launched a new…" says what was done. Under
a priority's own heading, what a paragraph says the partnership or its boards "will" do
is planned work for that priority (`work_committed`).
"""

import re

from safeguarding.governance.models import PlannedWork

Kind = PlannedWork.Kind

KINDS = (
    (Kind.LEGAL_DUTY, r"legislat\w*|legal (?:duty|duties|requirements?)|statutory|mandatory"),
    (
        Kind.EVENT,
        r"events?|conferences?|workshops?|seminars?|roadshows?|learning (?:week|day)s?"
        r"|practice weeks?|briefing sessions?|launch",
    ),
    (
        Kind.AUDIT,
        r"audits?|reviews?|reviewing|self-assessments?|inspections?|scrutiny|evaluat\w*"
        r"|overseeing the impact",
    ),
    (
        Kind.DEVELOPMENT,
        r"develop\w*|improv\w*|implement\w*|explor\w*|research|consider\w*|understanding"
        r"|strateg\w*|model|framework|training|visibility|profile|work with|pilot\w*|embed\w*",
    ),
)
EVENT = re.compile(rf"\b(?:{KINDS[1][1]})\b", re.IGNORECASE)
TO_COME = re.compile(
    r"\b(?:(?:has been|have been|is|are|was) (?:scheduled|planned|arranged|booked)"
    r"|will (?:be (?:held|launched|running|hosted|taking place)|take place|run|launch|host)"
    r"|to be (?:held|launched)|upcoming|forthcoming|save the date|book (?:your |a )?place"
    r"|there will be|(?:delighted|pleased|proud|excited) to announce)\b",
    re.IGNORECASE,
)
MAX_EVENT_HEADING_WORDS = 10
# The verb a promise is made with, as the imperative a title starts with.
PROMISED_VERBS = {
    "developed": "Develop",
    "commissioned": "Commission",
    "launched": "Launch",
    "held": "Hold",
    "published": "Publish",
    "delivered": "Deliver",
    "introduced": "Introduce",
    "produced": "Produce",
    "created": "Create",
    "undertaken": "Undertake",
    "established": "Establish",
    "piloted": "Pilot",
    "rolled out": "Roll out",
}
PROMISED = re.compile(
    r"(?<![A-Za-z])(?P<thing>an? [^,;.:]{2,80}?) will (?:also )?be (?P<verb>"
    + "|".join(PROMISED_VERBS)
    + r")\b(?P<rest>[^.;:]{0,120})"
)
BEING_PLANNED = re.compile(
    r"\b(?:are|is) (?:now |currently |also )?planning (?P<thing>[^.;:]{4,120})", re.IGNORECASE
)
MAX_PROMISE_WORDS = 20
NAME_WORD = r"[A-Z][\w'\u2019-]*"
NAME_PART = rf"(?:{NAME_WORD}|of|from|for|and|the|on|in|to|with|&)"
LAUNCH = re.compile(
    r"\b(?:the launch of|(?:will|to) launch|(?:is|are) launching)"
    rf" (?:a|an|the|our|its|their) new (?P<names>{NAME_WORD}(?:\s+{NAME_PART})*)"
)
COMMITTED = re.compile(
    r"\b(?:we|the (?:[\w&]+ ){0,3}(?:partnerships?|partners|boards?|sabs?|scps?|sub-?groups?"
    r"|groups?|executive))\s+will\s+(?!be\b|continue\b|also\b|have\b|need\b)"
    r"(?P<verb>[a-z]{3,})\s+(?P<rest>[^.;:]{8,300})",
    re.IGNORECASE,
)
MAX_COMMITTED_WORDS = 40
BETWEEN_NAMES = re.compile(r"\s*,\s*|\s+(?:and|&)\s+(?=[A-Z])")
TRAILING_LINKS = re.compile(r"(?:\s+(?:of|from|for|and|the|on|in|to|with|&))+$")


def names_event(heading: str) -> bool:
    """Whether `heading` is short and names an event: a conference, a practice week."""
    return len(heading.split()) <= MAX_EVENT_HEADING_WORDS and EVENT.search(heading) is not None


def kind_of(title: str) -> str:
    """The kind of planned work `title` names, from its words."""
    for kind, pattern in KINDS:
        if re.search(rf"\b(?:{pattern})\b", title, re.IGNORECASE):
            return kind
    return Kind.OTHER


def announces_event(heading: str, paragraph: str) -> bool:
    """Whether `heading` names an event that `paragraph`, beneath it, says is to come."""
    return names_event(heading) and TO_COME.search(paragraph) is not None


def work_promised(paragraph: str) -> list[str]:
    """The titles of the new work `paragraph` promises or says is being planned."""
    titles = []
    for match in PROMISED.finditer(paragraph):
        verb = PROMISED_VERBS[match.group("verb")]
        titles.append(f"{verb} {match.group('thing')}{match.group('rest')}".strip())
    for match in BEING_PLANNED.finditer(paragraph):
        thing = match.group("thing").strip()
        titles.append(thing[:1].upper() + thing[1:])
    return [title for title in titles if len(title.split()) <= MAX_PROMISE_WORDS]


def work_committed(paragraph: str) -> list[str]:
    """What a paragraph under a priority's own heading says the partnership will do, each
    as an action ("…the SABs and SCPs will meet in the second half of the year to…" is
    "Meet in the second half of the year to…"); "will continue" and "will be" say what
    already is."""
    titles = []
    for match in COMMITTED.finditer(paragraph):
        title = f"{match.group('verb').capitalize()} {match.group('rest').strip()}"
        if len(title.split()) <= MAX_COMMITTED_WORDS:
            titles.append(title)
    return titles


def launches(paragraph: str) -> list[str]:
    """The names of the new things whose launch `paragraph` speaks of: each a title."""
    names: list[str] = []
    for match in LAUNCH.finditer(paragraph):
        named = TRAILING_LINKS.sub("", match.group("names"))
        names.extend(name for name in BETWEEN_NAMES.split(named) if name)
    return names
