import io

from rest_framework.renderers import BaseRenderer

from restapi import csvfiles


class CSVRenderer(BaseRenderer):
    """Records as CSV: a header row, then one row per record; lists of ids space-separated."""

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
    if isinstance(value, list):
        return " ".join(str(cell(item)) for item in value)
    return value
