"""A JSON Schema derived from the output contract (docs/spec/extract.md), so a test can hold
`wartrace extract` to the contract as it is written rather than to a copy kept by hand.

    schema = contract_schema()                     # from the repository's docs/spec/extract.md
    jsonschema.validate(analysis.to_dict(), schema)

The contract's ```jsonc block is an annotated example, read by these rules:
- every key shown is required; other keys are allowed;
- `"…"`, a single string, or strings that are not all code words (`"actor:ua-gur" | "person:…"`)
  give a string; two or more code words (`"day" | "week"`) give an enum;
- a whole number gives an integer, a decimal a number, `0.0-1.0` a number in that range;
- `true | false` or a single boolean give a boolean; `| null` makes any of them nullable;
- `[X]` is an array of X; `{ /* one object of "places" */ }` is an item of the "places" array.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

SPEC = Path(__file__).resolve().parents[3] / "docs" / "spec" / "extract.md"
CODE_WORD = re.compile(r"^[A-Za-z0-9_]+$")
TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*)
  | (?P<ref>/\*\s*one\ object\ of\ "(?P<ref_key>[^"]+)"\s*\*/)
  | (?P<string>"[^"]*")
  | (?P<range>-?\d+(?:\.\d+)?-\d+(?:\.\d+)?)
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<word>true|false|null)
  | (?P<punct>[{}\[\]:,|])
""", re.VERBOSE)


class SpecError(ValueError):
    """The contract's example block does not parse; the message names the offset."""


def jsonc_block(markdown: str) -> str:
    found = re.search(r"```jsonc\n(.*?)```", markdown, re.S)
    if not found:
        raise SpecError("no ```jsonc block in the contract")
    return found.group(1)


def tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SpecError(f"unexpected {text[pos:pos + 20]!r} at offset {pos}")
        if m.lastgroup != "space":
            kind = "ref" if m.group("ref") else m.lastgroup
            out.append((kind, m.group("ref_key") if kind == "ref" else m.group(0), pos))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str):
        self.toks = tokens(text)
        self.i = 0
        self.refs: list[tuple[dict, str]] = []  # schemas to fill with an item of another key's array
        self.arrays: dict[str, dict] = {}       # key -> item schema of the array under it

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "", -1)

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise SpecError(f"expected {value!r} at offset {tok[2]}, found {tok[1]!r}")
        self.i += 1
        return tok

    def value(self, key: str = "") -> dict[str, Any]:
        """A union of alternatives separated by `|`."""
        alts = [self.alternative(key)]
        while self.peek()[1] == "|":
            self.take("|")
            alts.append(self.alternative(key))
        return union(alts)

    def alternative(self, key: str) -> dict[str, Any]:
        kind, text, pos = self.peek()
        if text == "{":
            return self.object()
        if text == "[":
            self.take("[")
            items = self.value(key)
            self.take("]")
            self.arrays[key] = items
            return {"type": "array", "items": items}
        self.take()
        if kind == "string":
            return {"literal": text[1:-1]}
        if kind == "range":
            lo, hi = re.fullmatch(r"(-?[\d.]+)-([\d.]+)", text).groups()
            return {"type": "number", "minimum": float(lo), "maximum": float(hi)}
        if kind == "number":
            return {"type": "number" if "." in text else "integer"}
        if text == "null":
            return {"type": "null"}
        if text in ("true", "false"):
            return {"type": "boolean"}
        raise SpecError(f"unexpected {text!r} at offset {pos}")

    def object(self) -> dict[str, Any]:
        self.take("{")
        if self.peek()[0] == "ref":
            ref_key = self.take()[1]
            self.take("}")
            placeholder: dict[str, Any] = {}
            self.refs.append((placeholder, ref_key))
            return placeholder
        props: dict[str, Any] = {}
        while self.peek()[1] != "}":
            kind, name, pos = self.take()
            if kind != "string":
                raise SpecError(f"expected a key at offset {pos}, found {name!r}")
            self.take(":")
            props[name[1:-1]] = self.value(name[1:-1])
            if self.peek()[1] == ",":
                self.take(",")
        self.take("}")
        return {"type": "object", "required": list(props), "properties": props}


def union(alts: list[dict[str, Any]]) -> dict[str, Any]:
    """Fold literals into a string or an enum; `null` among the alternatives makes the rest nullable."""
    nullable = {"type": "null"} in alts
    rest = [a for a in alts if a != {"type": "null"}]
    literals = [a["literal"] for a in rest if "literal" in a]
    others: list[dict[str, Any]] = []
    for a in [a for a in rest if "literal" not in a]:
        if a not in others or a == {}:  # `true | false` is one boolean; {} is a placeholder filled later
            others.append(a)
    if len(literals) >= 2 and all(CODE_WORD.match(x) for x in literals):
        others.append({"enum": literals + ([None] if nullable else [])})
        nullable = nullable and len(others) > 1
    elif literals:
        others.append({"type": "string"})
    if len(others) == 1 and not nullable:
        return others[0]
    return {"anyOf": others + ([{"type": "null"}] if nullable else [])}


def schema_from_jsonc(text: str) -> dict[str, Any]:
    parser = _Parser(text)
    root = parser.value()
    if parser.peek()[0] != "end":
        raise SpecError(f"text after the object at offset {parser.peek()[2]}")
    for placeholder, key in parser.refs:
        if key not in parser.arrays:
            raise SpecError(f'"one object of {key}" names no array in the contract')
        placeholder.update(parser.arrays[key])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "wartrace extract output", **root}


def contract_schema(spec: Path = SPEC) -> dict[str, Any]:
    """The JSON Schema of one `wartrace extract --format jsonl` line, from the contract's example."""
    return schema_from_jsonc(jsonc_block(spec.read_text(encoding="utf-8")))
