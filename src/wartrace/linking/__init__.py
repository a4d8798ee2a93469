"""Incidents: link reports of one happening, trace who copied whom, count independent origins.

Entry points:
- `linking.api.link_analyses(analyses, resources)` → `LinkResult` (`.incidents()` gives the
  dicts of docs/spec/extract.md; `.attach(more)` adds documents without a rebuild).
- `linking.incidents.Linker` (attach, relink, merge, split, revoke) and `link(items)`.
- `linking.items.items_from_analysis(analysis)` and `embed_items(items, embedder)`.
- `linking.dependence.build_graph(analyses)` → `DependenceGraph` (nodes, edges with kind and evidence).
- `linking.corroboration.corroborate(incident, items, analyses, graph)` → `Corroboration` (status rules
  in that module's docstring).
- Linking runs over the store are in `wartrace.workflow` (link_pending, relink_all, and the
  reviewer's merge_incidents, split_incident, revoke_decision; the service the CLI and the
  workbench call is `wartrace.reviewing`); the rows they leave are read back with
  `wartrace.store.incidents` (list_incidents, get_incident, list_decisions).
"""
