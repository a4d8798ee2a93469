"""The Python API the README documents: wartrace.analyse and wartrace.Store."""
from __future__ import annotations

import json
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_analyse_returns_the_typed_result_and_the_contract(resources):
    import wartrace

    text = "Russian forces shelled Kharkiv on Monday, killing three civilians, the regional governor said."
    result = wartrace.analyse(text, published="2022-05-04")
    assert [p.name for p in result.places] == ["Kharkiv"]
    assert result.dates and result.dates[0].value == "2022-05-02"
    assert result.events and result.events[0].event_type == "Explosions/Remote violence"
    assert result.claims and result.claims[0].cue.text == "said"
    obj = json.loads(result.to_json())
    assert obj["schema"] == "wartrace.extract/1" and obj["document"]["text"] == text
    assert obj == result.to_dict()


def test_the_readme_example_runs(tmp_path, monkeypatch):
    """The README's Python example, executed as written (in a scratch folder)."""
    block = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block, "README.md has no Python example"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "report.txt").write_text(
        "date 2022-02-28\nAt least nine civilians were killed in Russian shelling of Kharkiv, "
        "the regional governor Oleh Syniehubov said on Telegram.\n", encoding="utf-8")
    namespace: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert (tmp_path / "ledger.db").exists()
