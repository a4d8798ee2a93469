"""The one error every audio failure becomes, so capture can report it as a single line."""
from __future__ import annotations


class AudioError(ValueError):
    """A recording that cannot be accepted; `reason` is one line a user can act on."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
