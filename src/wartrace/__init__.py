"""wartrace: an evidence-grade ledger of conflict incidents from reporting."""
__version__ = "0.1.0"
