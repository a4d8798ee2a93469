"""The store: documents, blobs, the custody chain and every derived table.

Importing the package registers the row seals (store/seals.py) on every SQLAlchemy session,
so no writer can change a sealed table without its custody entry.
"""
from wartrace.store import seals  # noqa: F401
