"""The built-in components, imported so that each registers itself (registry.py); other packages
add theirs through the `wartrace_components` entry points instead."""
from wartrace.analysis import claims, dates, events, genres, hedges, places  # noqa: F401 - imported to register

BUILTIN = ("places", "dates", "hedges", "claims", "genres", "events")
