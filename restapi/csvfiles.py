"""CSV as the project writes it, for the API and for every download: one writer that a
spreadsheet cannot be tricked by.

A cell whose text starts with = + - @, a tab or a carriage return would run as a formula
when the file is opened in a spreadsheet (OWASP, "CSV injection"): such text is written
with an apostrophe before it, which spreadsheets show as plain text.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as written to a cell: text that would run as a formula gains an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose every cell goes through `neutralise`."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        return self._writer.writerows([neutralise(value) for value in row] for row in rows)


def writer(file, **kwargs):
    return SafeWriter(file, **kwargs)
