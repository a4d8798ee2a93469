"""Exports: ACLED-compatible CSV, GeoJSON, JSON Lines (with import), incident dossiers.

    from wartrace.export.query import Filters, load_bundles
    from wartrace.export.acled import write_acled
    from wartrace.export.geojson import feature_collection
    from wartrace.export.jsonl import export_jsonl, import_jsonl
    from wartrace.export.dossier import write_dossier, verify_dossier
"""
