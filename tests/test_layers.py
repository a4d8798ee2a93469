"""The import layers: data flows capture -> analyse -> link -> store -> serve/export, and imports
only point down that flow. Every import counts, function-level ones included (a cycle hidden in a
function is still a cycle)."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
# what each layer must never import: the stages after it and the tooling around the product.
# (Capture writes its raw copies and custody entries through the store, and the audio reader loads
# its hash-checked Whisper model through analysis.models: both are allowed here, for now.)
FORBIDDEN = {
    "wartrace.capture": ("wartrace.linking", "wartrace.web", "wartrace.export", "wartrace.evaluation",
                         "wartrace.training", "wartrace.workflow"),
    "wartrace.analysis": ("wartrace.linking", "wartrace.store", "wartrace.web", "wartrace.export",
                          "wartrace.evaluation", "wartrace.training", "wartrace.workflow"),
    "wartrace.linking": ("wartrace.store", "wartrace.web", "wartrace.export", "wartrace.evaluation",
                         "wartrace.training", "wartrace.workflow"),
    "wartrace.store": ("wartrace.web", "wartrace.export", "wartrace.evaluation", "wartrace.training"),
}


def modules() -> dict[str, Path]:
    return {".".join(p.with_suffix("").relative_to(SRC).parts).removesuffix(".__init__"): p
            for p in (SRC / "wartrace").rglob("*.py")}


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import statement of a module."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.append((full, None) if full in known else (base, alias.name))
        elif isinstance(node, ast.Import):
            out += [(alias.name, None) for alias in node.names]
    return out


def graph() -> tuple[dict[str, set[str]], list[str]]:
    known = modules()
    edges: dict[str, set[str]] = {}
    private = []
    for name, path in known.items():
        for target, attr in imports(name, path, known):
            if attr and attr.startswith("_") and not attr.startswith("__") and target.startswith("wartrace") \
                    and target != name:
                private.append(f"{name} imports {target}.{attr}")
            # a package's __init__ only re-exports: an edge into it is an edge into its modules
            if target in known and target != name and known[target].name != "__init__.py":
                edges.setdefault(name, set()).add(target)
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found = []
    counter = 0
    for root in sorted(set(edges) | {t for ts in edges.values() for t in ts}):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_cycles():
    edges, _ = graph()
    assert cycles(edges) == []


def test_no_private_names_imported_across_modules():
    _, private = graph()
    assert private == []


def test_imports_point_down_the_flow():
    edges, _ = graph()
    wrong = [f"{a} imports {b}" for a, targets in edges.items() for b in targets
             for layer, banned in FORBIDDEN.items()
             if (a == layer or a.startswith(layer + ".")) and any(b == x or b.startswith(x + ".") for x in banned)]
    assert wrong == []


def test_the_checks_find_what_they_look_for():
    """A cycle and a private import made up here are found, so an empty answer means something."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse("from wartrace.analysis.attribution import _nest\n")
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom) and node.names[0].name.startswith("_")


# Where a first-party import may sit inside a function: the CLI's commands import their area
# lazily (so `wartrace --help` stays fast), `wartrace.analyse`/`wartrace.Store` load on first use
# (so `import wartrace` does not load spaCy), and a line that says why it is lazy ("lazily: ...").
LAZY_MODULES = ("wartrace", "wartrace.cli")  # the package itself, and cli.py, cli_*.py


def function_level_imports(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            first_party = (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wartrace")) or \
                (isinstance(node, ast.Import) and any(a.name.startswith("wartrace") for a in node.names))
            if first_party and "lazily:" not in lines[node.lineno - 1]:
                found.append(node.lineno)
    return sorted(set(found))


def test_first_party_imports_are_at_the_top_of_modules():
    """A function-level import of our own code hides a dependency (or a cycle) from the reader."""
    offenders = [f"{path.relative_to(SRC)}:{line}" for name, path in sorted(modules().items())
                 if name != LAZY_MODULES[0] and not name.startswith(LAZY_MODULES[1]) for line in function_level_imports(path)]
    assert not offenders, offenders
