class BadInput(Exception):
    """The file cannot be ingested; the message is one line a researcher can act on."""
