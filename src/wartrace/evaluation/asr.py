"""`make bench` → section "asr": speed and accuracy of Whisper tiny.en on 2 CPU threads.

The audio is a news-summary script written for this benchmark (below; no eval data is used),
spoken by espeak-ng at 140 words per minute. Real-time factor = transcription wall time /
audio duration (below 1 is faster than real time), median of several runs, model already
loaded; loading is timed separately. Word error rate is measured with and without the
place-name hint vocabulary, so its effect on ordinary speech is visible.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from wartrace.audio.synth import DEFAULT_SPEED, convert, espeak_wav, have_espeak, have_ffmpeg
from wartrace.audio.wer import word_error_rate
from wartrace.evaluation import report

SCRIPT = (
    "Good evening. This is the evening summary from the eastern front. "
    "Artillery fire continued overnight along the road between Bakhmut and Soledar. "
    "Local officials said that two apartment buildings were damaged and that a school was hit by a rocket. "
    "Rescue teams worked through the night to clear the rubble. "
    "In the north, residents of Kharkiv reported explosions shortly after midnight. "
    "The regional governor said that air defence units had shot down several drones. "
    "There were no reports of casualties. "
    "Humanitarian convoys are expected to reach Mariupol on Thursday if the ceasefire holds. "
    "Aid workers warned that food and medicine are running low. "
    "This concludes the summary. The next report will follow at six in the morning."
)
RUNS = 3


def _timed(fn):
    """(result, wall seconds, CPU seconds of this process over all its threads)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    if not (have_espeak() and have_ffmpeg()):
        raise SystemExit("the asr benchmark needs espeak-ng and ffmpeg (apt-get install espeak-ng ffmpeg)")
    from wartrace.audio.transcribe import CPU_THREADS, COMPUTE_TYPE, load_model, transcribe

    with tempfile.TemporaryDirectory() as tmp:
        wav = espeak_wav(SCRIPT, Path(tmp) / "summary.wav")
        mp3 = convert(wav, Path(tmp) / "summary.mp3")
        data, mp3_data = wav.read_bytes(), mp3.read_bytes()

    (_, _, name, _), load_s, _ = _timed(load_model)
    rows, first = [], None
    for label, audio, hints in [("WAV, hints", data, True), ("MP3, hints", mp3_data, True),
                                ("WAV, no hints", data, False)]:
        walls, cpus = [], []
        for _ in range(RUNS if label == "WAV, hints" else 1):
            result, wall, cpu = _timed(lambda: transcribe(audio, hints=hints))
            walls.append(wall)
            cpus.append(cpu)
        first = first or result
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        rows.append([label, f"{result.duration:.1f}", f"{wall:.2f}", f"{wall / result.duration:.3f}",
                     f"{cpu / CPU_THREADS / result.duration:.3f}", f"{word_error_rate(SCRIPT, result.text):.3f}",
                     len(result.segments)])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    md = "\n".join([
        "## ASR: Whisper tiny.en on the CPU",
        "",
        f"Model {name}, faster-whisper, compute type {COMPUTE_TYPE}, {CPU_THREADS} CPU threads, beam 5, "
        f"VAD filter on. Audio: a {len(SCRIPT.split())}-word news summary written for this benchmark, "
        f"spoken by espeak-ng at {DEFAULT_SPEED} words/min (synthetic speech; a floor, not a field figure). "
        f"Real-time factor = wall time / audio duration (median of {RUNS} runs for the first row; "
        "below 1 is faster than real time). Model load (hash check + CTranslate2 load): "
        f"{load_s:.2f} s. 1-minute load average at the end: {load:.1f} (a shared machine).",
        "",
        report.table(["input", "audio s", "wall s", "real-time factor (wall)", "real-time factor (CPU)", "WER",
                      "segments"], rows),
        "",
        "Real-time factor (wall) is what a user of this shared 2-core machine saw at the load average above. "
        "Real-time factor (CPU) = the process's CPU time / 2 threads / audio duration: a lower bound for two "
        "idle cores of one's own (decoding is not perfectly parallel), so the true figure on such a machine "
        "lies between the two columns. Hints: the place-name vocabulary (data/asr-vocabulary.yaml) passed as "
        "Whisper hotwords; each utterance (VAD, at most 15 s) is one clip.",
        "",
        "Reproduce: `.venv/bin/python -m wartrace.evaluation.asr` (also run by `make bench`).",
    ])
    report.write_section("asr", md)
    print(md)
    print("first transcript:", first.text)


if __name__ == "__main__":
    main()
