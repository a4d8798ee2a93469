"""Evidence that holds up outside the database: keys, signed checkpoints, RFC 3161 timestamps,
re-derivation of document text, and the full `verify` (docs/EVIDENCE.md)."""
