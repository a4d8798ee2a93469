class BadInput(Exception):
    """An input that cannot be captured; the message is one line naming the reason."""

    def __init__(self, reason: str, where: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.where = where  # e.g. "line 7" inside a corpus file
