"""Incidents: link reports of one happening, trace who copied whom, count independent origins.

Entry points:
- `linking.api.link_analyses(analyses, resources)` → `LinkResult` (`.incidents()` gives the
  dicts of shared/spec/extract.md; `.attach(more)` adds documents without a rebuild).
- `linking.incidents.Linker` (attach, relink, merge, split, revoke) and `link(items)`.
- `linking.items.items_from_analysis(analysis)` and `embed_items(items, embedder)`.
- `linking.dependence.build_graph(analyses)` → `DependenceGraph` (nodes, edges with kind and evidence).
- `linking.corroboration.corroborate(incident, items, analyses, graph)` → `Corroboration` (status rules
  in that module's docstring).
- The store side is `wartrace.store.incidents` (link_pending, relink_all, list_incidents,
  get_incident, set_status, merge_incidents, split_incident, list_decisions, revoke_decision).
"""
