"""Read what a page says, element by element, so tests can compare whole lists."""

from html.parser import HTMLParser

# Elements that sit within a line of text: the others start on a line of their own.
INLINE_ELEMENTS = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "time"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
}


class _Collector(HTMLParser):
    def __init__(self, selector):
        super().__init__(convert_charrefs=True)
        self.tag, _, self.cls = selector.partition(".")
        self.depth = 0
        self.texts = []
        self.attrs = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == self.tag
            # Blocks are apart on the page even when the markup runs them together.
            self.texts[-1] += "" if tag in INLINE_ELEMENTS else " "
            return
        attrs = dict(attrs)
        if tag == self.tag and (not self.cls or self.cls in (attrs.get("class") or "").split()):
            self.depth = int(tag not in VOID_ELEMENTS)
            self.texts.append("")
            self.attrs.append(attrs)

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= tag == self.tag
            self.texts[-1] += "" if tag in INLINE_ELEMENTS else " "

    def handle_data(self, data):
        if self.depth:
            self.texts[-1] += data


def _collect(html, selector):
    collector = _Collector(selector)
    collector.feed(html if isinstance(html, str) else html.decode())
    return collector


def texts(html, selector):
    """The text of each element matching "tag" or "tag.class", whitespace collapsed."""
    return [" ".join(text.split()) for text in _collect(html, selector).texts]


def attributes(html, selector, name):
    """The value of attribute `name` on each element matching the selector."""
    return [attrs.get(name) for attrs in _collect(html, selector).attrs]
