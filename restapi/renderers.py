import io
import json

from rest_framework.renderers import BaseRenderer

from restapi import csvfiles


class CSVRenderer(BaseRenderer):
    """Records as CSV: a header row, then one row per record; lists of ids space-separated,
    nested records as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = [data] if isinstance(data, dict) else data
        header = list(renderer_context["view"].get_serializer().fields)
        out = io.StringIO()
        writer = csvfiles.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(row.get(name)) for name in header])
        return out.getvalue().encode(self.charset)


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Nested records (`participation`, `chaired_by`, `sources`) as JSON: one cell, no loss.
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(item, dict) for item in value)
    ):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, list):
        return " ".join(str(cell(item)) for item in value)
    return value
