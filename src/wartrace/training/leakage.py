"""Check that no shipped artefact stores text of its training split.

The artefacts are weights; the evaluation text itself must never travel with the code. Each
artefact's bytes (and, for a zip such as .npz, each member's bytes) are searched for every sentence
of its training data, and for every run of eight words of it, so a stored snippet is found even when
it was cut mid-sentence. Feature names (single lemmas, "lemma|frame") are far shorter than that.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from wartrace.evaluation.attribution import load_polnear
from wartrace.evaluation.event_gate import training_rows as gate_training_rows
from wartrace.evaluation.hedges import load_sentences
from wartrace.training import events

WORD_RUN = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def training_texts() -> dict[str, list[str]]:
    """The training text of each shipped artefact, by artefact name."""
    return {"events-classifier": [t for t, _ in events.case_rows(events.train_path())],
            "event-gate": [r.text for r in gate_training_rows()],
            "cue-scorer": [a.text for a in load_polnear("train")],
            "cue-proposer": [a.text for a in load_polnear("train")],
            "hedge-sentences": load_sentences()[0]}


def artefact_strings(folder: Path) -> str:
    """Everything the artefact stores, decoded as text (zip members opened), so a sentence is found
    whatever the format around it (word runs ignore the punctuation and quoting between words)."""
    chunks = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name == "provenance.json":
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                chunks += [zf.read(n) for n in zf.namelist()]
        else:
            chunks.append(data)
    text = []
    for chunk in chunks:
        # UTF-32 is how numpy stores strings; JSON may escape non-ASCII: try each reading
        for enc in ("utf-8", "utf-32-le"):
            text.append(chunk.decode(enc, errors="ignore"))
        try:
            text.append(json.dumps(json.loads(chunk), ensure_ascii=False))
        except (ValueError, UnicodeDecodeError):
            pass
    return "\n".join(text)


def word_runs(text: str, n: int = WORD_RUN):
    words = _WORD.findall(text.lower())
    for i in range(0, max(0, len(words) - n + 1)):
        yield " ".join(words[i:i + n])


def leaked_sentences(root: Path, texts: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """{artefact: [training word runs found in its bytes]}; empty when nothing leaked."""
    texts = texts if texts is not None else training_texts()
    found: dict[str, list[str]] = {}
    for name, sentences in texts.items():
        stored = set(word_runs(artefact_strings(root / name)))
        hits = sorted({run for s in sentences for run in word_runs(s) if run in stored})
        if hits:
            found[name] = hits
    return found
