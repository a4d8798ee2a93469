"""Analysis stage: places, dates, hedges, claims, events, each a registered component."""
