"""CSV as the project writes it."""


def cell(value):
    """A value as a CSV cell; text that a spreadsheet would run as a formula (starting with
    = + - @, a tab or a carriage return) is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(cell(item) for item in value)
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
