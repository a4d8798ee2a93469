"""Training of the artefacts the product ships (`make model`): analysis loads them, never builds them.

Training may read the evaluation data's train splits (wartrace.evaluation's readers); analysis
never imports this package.
"""
