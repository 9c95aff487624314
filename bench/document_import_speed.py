"""How long document import takes to read and propose a 30-page PDF.

Builds a 30-page partnership annual report as a PDF (headings, bulleted priorities,
planned work, key learning paragraphs under themes, and a table on each page, drawn by
WeasyPrint as a browser would print it), then times, median of 5 runs each, side by side:

- the baseline: pypdf extracting the text of every page, the least any reading costs;
- the platform: `document_text` (text, page furniture removed, wrapped lines joined,
  structure read) then `propose`, with the local model reading the headings over lists
  that have none of the section words (where it is installed): what the upload waits
  for;
- the local model embedding every passage of it, which the background task does after
  the upload has answered (left out when the model is not installed).

Target: reading and proposing under 10 s on the development machine (2 cores).

Run:  .venv/bin/python bench/document_import_speed.py
"""

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SAFEGUARDING_VAR_DIR", tempfile.mkdtemp(prefix="bench-speed-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django

django.setup()

import pypdf  # noqa: E402
import weasyprint  # noqa: E402

from safeguarding.assist import model  # noqa: E402
from safeguarding.assist.embeddings import Vector  # noqa: E402
from safeguarding.assist.importing import document_text, propose  # noqa: E402
from safeguarding.assist.importing.lines import read_lines  # noqa: E402
from safeguarding.assist.matching import sections_by_meaning  # noqa: E402
from tests.assist.corpus.scoring import group_names  # noqa: E402

PAGES = 30
RUNS = 5
TARGET_SECONDS = 10.0
THEMES = ("Neglect", "Exploitation", "Early help", "Domestic abuse", "Mental health")


def page_html(number: int) -> str:
    """One page of the report: a heading per part, lists, paragraphs and a table."""
    theme = THEMES[number % len(THEMES)]
    paragraphs = "".join(
        f"<p>The {theme.lower()} work this year brought partners together in {n + 2} "
        "multi-agency meetings. Practitioners told us that the toolkit helped them see "
        "the child's lived experience, and that supervision gave them space to reflect "
        "on what they had seen. The Performance and Data Subgroup will seek assurance "
        "that the learning is used in practice across every agency.</p>"
        for n in range(2)
    )
    rows = "".join(
        f"<tr><td>Action {number}.{n}</td><td>Review the {theme.lower()} pathway with "
        f"schools and health partners by quarter {n % 4 + 1}</td></tr>"
        for n in range(3)
    )
    return (
        f"<h1>Part {number}: {theme}</h1>"
        f"<h2>Priorities</h2><ul><li>{theme}</li><li>{theme} and the voice of the child</li></ul>"
        f"<h2>Planned work</h2><ul><li>Audit of {theme.lower()} referrals</li>"
        f"<li>A practitioner conference on {theme.lower()}</li></ul>"
        f"<h2>Key learning</h2><h3>{theme} in practice</h3>{paragraphs}"
        f"<table><tr><th>Action</th><th>What we will do</th></tr>{rows}</table>"
        f"<p style='break-after: page'>Page {number} of {PAGES}</p>"
    )


def report_pdf() -> bytes:
    html = "<html><body>" + "".join(page_html(n) for n in range(1, PAGES + 1)) + "</body></html>"
    return bytes(weasyprint.HTML(string=html).write_pdf())


def median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    data = report_pdf()
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    groups = group_names()

    def baseline() -> object:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]

    embedder = model.embedder_load()

    def read_headings(headings: Sequence[str]) -> Mapping[str, str]:
        assert embedder is not None

        def vectors_of(texts: Sequence[str]) -> dict[str, Vector]:
            wanted = list(dict.fromkeys(texts))
            return dict(zip(wanted, embedder.encode(wanted), strict=True))

        return sections_by_meaning(headings, vectors_of=vectors_of)

    def platform() -> object:
        # As the upload runs it: with the model reading headings where it is installed.
        return propose(
            document_text(name="report.pdf", data=data),
            group_names=groups,
            headings_read=read_headings if embedder else None,
        )

    text = document_text(name="report.pdf", data=data)
    proposal = propose(text, group_names=groups)
    passages = [line.text for line in read_lines(text)]
    base, ours = median_seconds(baseline), median_seconds(platform)
    print(f"A {pages}-page PDF of {len(data) / 1024:.0f} KB: {len(passages)} passages read")
    print(
        f"  proposed: {len(proposal.priorities)} priorities, {len(proposal.planned_work)} "
        f"planned work, {len(proposal.learning_points)} learning points"
    )
    print(f"{'':44} {'median s':>9} {'ratio':>7}")
    print(f"{'baseline: pypdf text of every page':44} {base:9.2f} {1:7.2f}x")
    print(f"{'document_text then propose (the upload)':44} {ours:9.2f} {ours / base:7.2f}x")
    if embedder is None:
        print(f"  the model's background reading left out: {model.embedder_status()}")
    else:
        start = time.perf_counter()
        embedder.encode(passages)
        seconds = time.perf_counter() - start
        label = "the model embedding every passage (background)"
        print(f"{label:44} {seconds:9.2f} {seconds / base:7.2f}x  (one run)")
    verdict = "met" if ours < TARGET_SECONDS else "NOT met"
    print(f"Target: under {TARGET_SECONDS:.0f} s to read and propose: {verdict} ({ours:.2f} s).")


if __name__ == "__main__":
    main()
