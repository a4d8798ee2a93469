"""Capture stage: read inputs into Documents with immutable raw copies and custody entries."""
