"""Components register here by name, as spaCy's factories do.

    @component("places", config=PlacesConfig, assigns=("places",))
    def make_places(resources, config: PlacesConfig): ...

A factory takes (resources, config) and returns a callable that takes an `AnalysisContext` and
fills in `ctx.analysis`. Each component declares:
- `config`: a dataclass whose fields are its options, with their defaults; data/pipeline.yaml's
  `component_config.<name>` may set them, and a key the dataclass does not have is refused;
- `requires`: the `Analysis` fields it reads, which a component before it must assign;
- `assigns`: the `Analysis` fields it fills.
The pipeline (pipeline.py) checks both when it is built, before any model loads.

The registry is a `catalogue` registry with entry points: another package adds a component by
naming its factory in the entry-point group `wartrace_components`. The built-in components
register when analysis/builtin.py imports them.
"""
from __future__ import annotations

import typing
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any, Callable, Mapping, Sequence

import catalogue

from wartrace.model import Analysis, Document

ComponentFn = Callable[["AnalysisContext"], None]
Factory = Callable[[Any, Any], ComponentFn]

factories = catalogue.create("wartrace", "components", entry_points=True)


class ComponentError(ValueError):
    """A pipeline that cannot be built as configured: an unknown component or option, a wrong
    type, or an order in which a component runs before what it reads."""


@dataclass
class AnalysisContext:
    document: Document
    analysis: Analysis
    doc: Any  # spaCy Doc over document.text (English pipeline), or None
    resources: Any  # wartrace.analysis.resources.Resources


@dataclass(frozen=True)
class NoOptions:
    """The config of a component that takes no options."""


@dataclass(frozen=True)
class ComponentSpec:
    """What a component declares about itself."""
    name: str
    factory: Factory
    config: type = NoOptions
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def make_config(self, raw: Mapping[str, Any] | None) -> Any:
        """The typed config from `component_config.<name>`; unknown keys and wrong types refused."""
        raw = dict(raw or {})
        known = [f.name for f in fields(self.config)]
        unknown = sorted(set(raw) - set(known))
        if unknown:
            takes = f"its options are {', '.join(known)}" if known else "it takes no options"
            raise ComponentError(f"component_config.{self.name}: unknown option {', '.join(map(repr, unknown))}; "
                                 f"{takes} ({self.config.__module__}.{self.config.__qualname__})")
        hints = typing.get_type_hints(self.config)
        return self.config(**{k: _typed(f"component_config.{self.name}.{k}", v, hints[k]) for k, v in raw.items()})


def component(name: str, *, config: type = NoOptions, requires: Sequence[str] = (),
              assigns: Sequence[str] = ()) -> Callable[[Factory], Factory]:
    """Register a component factory under `name`, with its config dataclass and what it reads and fills."""
    if not is_dataclass(config) or any(f.default is MISSING and f.default_factory is MISSING for f in fields(config)):
        raise TypeError(f"component {name!r}: config must be a dataclass with a default for every option")
    analysis_fields = {f.name for f in fields(Analysis)}
    odd = [f for f in (*requires, *assigns) if f.split(".")[0] not in analysis_fields]
    if odd:
        raise TypeError(f"component {name!r}: {odd} are not fields of wartrace.model.Analysis")

    def register(factory: Factory) -> Factory:
        factory.component_spec = ComponentSpec(name, factory, config, tuple(requires), tuple(assigns))
        factories.register(name, func=factory)
        return factory

    return register


def get_spec(name: str) -> ComponentSpec:
    try:
        factory = factories.get(name)
    except catalogue.RegistryError:
        raise ComponentError(f"no analysis component named {name!r}; known: {', '.join(known_names())}") from None
    return factory.component_spec



def known_names() -> list[str]:
    return sorted(factories.get_all())


def check_order(specs: Sequence[ComponentSpec]) -> None:
    """Refuse an order in which a component runs before one that assigns what it requires.
    A requirement no component in the pipeline assigns is allowed: the component then reads the
    field empty, which is how each runs alone (`--components claims`)."""
    order = ", ".join(s.name for s in specs)
    for i, spec in enumerate(specs):
        for need in spec.requires:
            if any(need in s.assigns for s in specs[:i]):
                continue
            later = [s.name for s in specs[i + 1:] if need in s.assigns]
            if later:
                raise ComponentError(f"component {spec.name!r} requires analysis.{need}, which {later[0]!r} assigns, "
                                     f"but {later[0]!r} runs after it (order: {order}); put {later[0]!r} before {spec.name!r}")


def _typed(where: str, value: Any, hint: Any) -> Any:
    """`value` as the option's declared type: bool, int, float, str, tuple[str, ...], or Optional of one."""
    args = typing.get_args(hint)
    if type(None) in args:
        if value is None:
            return None
        hint = next(a for a in args if a is not type(None))
    origin = typing.get_origin(hint)
    if origin is tuple and isinstance(value, (list, tuple)):
        item = typing.get_args(hint)[0]
        return tuple(_typed(f"{where}[{i}]", v, item) for i, v in enumerate(value))
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if hint in (bool, int, str) and isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
        return value
    want = getattr(hint, "__name__", str(hint))
    raise ComponentError(f"{where}: expected {want}, got {value!r}")
