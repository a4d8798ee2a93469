"""`make eval` and `make bench`: measured figures written into docs/EVALUATION.md."""
