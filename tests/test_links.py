from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.html_text import texts
from tests.sample_site import build_sample_site

pytestmark = pytest.mark.django_db

LINKING_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        target = attrs.get(LINKING_ATTRIBUTES.get(tag, ""))
        if target is not None:
            self.links.append(target)


def read_links(html):
    parser = _Links()
    parser.feed(html)
    return parser.links, parser.ids


def test_it_has_no_broken_internal_link_anywhere_from_home(client):
    build_sample_site()
    seen, broken, missing_anchors = set(), [], []
    queue = ["/"]

    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        links, ids = read_links(response.content.decode())
        for link in links:
            address, fragment = urldefrag(urljoin(url, link))
            parts = urlsplit(address)
            if parts.scheme or parts.netloc:
                continue
            if fragment and address == url and fragment not in ids:
                missing_anchors.append((url, fragment))
            queue.append(address)

    assert (broken, missing_anchors) == ([], [])
    assert {"/", "/work-plans/", "/meetings/", "/forums/"} <= seen


def test_it_answers_an_unknown_address_with_a_helpful_page_in_the_site_layout(client):
    response = client.get("/work-plans/no-such-plan/")

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Page not found"]
    assert texts(response.content, "nav") == [
        "Home Work plans Members Meetings Forums",
        "Home Page not found",
    ]
    assert texts(response.content, "ul.link-list") == [
        "The current work plan at a glance All work plans Meetings Forums"
    ]
