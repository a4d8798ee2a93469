"""Components as declared (analysis/registry.py): typed options with unknown keys refused, the
order checked against what each requires and assigns, each runnable alone, a batch `pipe`.
The sentences are the seed's (samples/cnn-2022-04-22-popasna-intercept.txt, CNN, 22 April 2022)."""
from __future__ import annotations

import pytest

from wartrace.analysis.pipeline import AnalysisConfig, Component, checked_specs
from wartrace.analysis.registry import AnalysisContext, ComponentError, ComponentSpec, component, get_spec
from wartrace.config import settings
from wartrace.model import Analysis, Document

POPASNA = ("Ukrainian military intelligence public this Wednesday an alleged interception of the communications "
           "of the Russian armed forces in reference to an alleged order to kill Ukrainian prisoners of war in the "
           "city of Popasna, in the eastern region of Luhansk, which is the most affected by the new attack by Russia.")
PUTIN = ("This Thursday, in a meeting with his defense minister, Russian President Vladimir Putin said that there "
         "is no need to storm the plant, but that it must be surrounded and those inside must be offered the "
         "opportunity to surrender.")
BOMBED = "The entire territory of Luhansk is being bombed."


def configured(components, component_config) -> AnalysisConfig:
    return AnalysisConfig(tuple(components), {**settings(), "component_config": component_config})


def test_the_configured_pipeline_satisfies_every_declaration():
    specs = [spec for spec, _ in checked_specs(AnalysisConfig.current())]
    assigned: set[str] = set()
    for spec in specs:
        assert set(spec.requires) <= assigned, spec.name
        assigned |= set(spec.assigns)


def test_a_misspelt_option_is_refused_with_the_right_name():
    with pytest.raises(ComponentError, match=r"places: unknown option 'focus_country'; its options are focus_countries"):
        checked_specs(configured(["places"], {"places": {"focus_country": ["UA"]}}))
    with pytest.raises(ComponentError, match=r"dates: unknown option 'strict'; it takes no options"):
        checked_specs(configured(["dates"], {"dates": {"strict": True}}))


def test_an_option_of_the_wrong_type_is_refused():
    with pytest.raises(ComponentError, match=r"events\.min_confidence: expected float, got 'high'"):
        checked_specs(configured(["events"], {"events": {"min_confidence": "high"}}))
    with pytest.raises(ComponentError, match=r"claims\.tagger: expected bool, got 'no'"):
        checked_specs(configured(["claims"], {"claims": {"tagger": "no"}}))


def test_options_are_typed_and_defaults_fill_the_rest():
    ((_, events),) = checked_specs(configured(["events"], {"events": {"min_confidence": 1}}))
    assert events.min_confidence == 1.0 and isinstance(events.min_confidence, float)
    assert events.max_none_probability == type(events)().max_none_probability
    ((_, places),) = checked_specs(configured(["places"], {"places": {"focus_countries": ["UA"]}}))
    assert places.focus_countries == ("UA",)


def test_options_for_a_component_that_does_not_exist_are_refused():
    with pytest.raises(ComponentError, match="component_config names 'plcaes', not a component"):
        checked_specs(configured(["places"], {"plcaes": {}}))
    with pytest.raises(ComponentError, match="no analysis component named 'place'"):
        checked_specs(configured(["place"], {}))


@pytest.mark.parametrize("order, message", [
    (["hedges", "claims", "dates"], "'claims' requires analysis.dates, which 'dates' assigns, but 'dates' runs after it"),
    (["events", "places"], "'events' requires analysis.places, which 'places' assigns, but 'places' runs after it"),
    (["places", "dates", "hedges", "events", "claims"], "'events' requires analysis.claims"),
])
def test_an_order_that_breaks_a_requirement_is_refused(order, message):
    with pytest.raises(ComponentError, match=message):
        checked_specs(configured(order, {}))


def test_a_declaration_must_name_fields_of_the_analysis():
    with pytest.raises(TypeError, match="not fields of wartrace.model.Analysis"):
        component("misdeclared", assigns=("placez",))
    assert get_spec("claims").requires == ("hedges", "dates")


def _alone(resources, name: str, text: str) -> Analysis:
    from wartrace.analysis.pipeline import analyse_batch

    doc = Document(id="sha256:alone", text=text, published="2022-04-22", language="en")
    (analysis,) = analyse_batch([doc], resources, [name])
    assert not analysis.errors, analysis.errors
    return analysis


def test_places_alone(resources):
    found = [(p.name, p.country) for p in _alone(resources, "places", POPASNA).places]
    assert ("Popasna", "UA") in found and ("Luhansk Oblast", "UA") in found


def test_dates_alone(resources):
    assert [(d.text, d.value) for d in _alone(resources, "dates", PUTIN).dates] == [("This Thursday", "2022-04-21")]


def test_hedges_alone(resources):
    assert [h.text for h in _alone(resources, "hedges", POPASNA).hedges] == ["alleged", "alleged"]


def test_claims_alone_without_the_hedges_and_dates_it_reads(resources):
    (claim,) = _alone(resources, "claims", PUTIN).claims
    assert claim.cue.text == "said" and "Putin" in claim.claimant.text


def test_events_alone_without_places_or_claims(resources):
    (event,) = _alone(resources, "events", BOMBED).events
    assert event.event_type == "Explosions/Remote violence" and event.trigger.text == "bombed"
    assert event.place is None  # no places component ran to give it one


def test_a_components_pipe_keeps_going_past_a_failing_document():
    def picky(ctx):
        if "Popasna" in ctx.document.text:
            raise ValueError("cannot read this one")
        ctx.analysis.errors.append("read")

    comp = Component(ComponentSpec("picky", lambda r, c: picky), None, picky)
    ctxs = [AnalysisContext(Document(id=f"sha256:{i}", text=t), Analysis(Document(id=f"sha256:{i}", text=t)), None,
                            None) for i, t in enumerate([POPASNA, BOMBED])]
    comp.pipe(ctxs)
    assert [c.analysis.errors for c in ctxs] == [["picky: ValueError: cannot read this one"], ["read"]]


def test_resources_override_puts_back_what_was_held():
    from wartrace.analysis.resources import Resources

    resources = Resources()
    resources.get("test.marker", lambda: "loaded")
    with resources.override({"test.marker": "swapped", "test.new": 1}):
        assert resources.get("test.marker", lambda: "never") == "swapped"
    assert resources.get("test.marker", lambda: "never") == "loaded"
    assert resources.get("test.new", lambda: "fresh") == "fresh"
