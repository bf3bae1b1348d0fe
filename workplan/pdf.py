"""Pages printed to PDF by WeasyPrint, with the site's own stylesheets and images.

WeasyPrint reads the page's stylesheets and images through ``static_fetcher``: from the
static files on disk, never over the network, so a PDF needs no request to the site
itself and cannot be made to fetch anything from elsewhere.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage


def static_path(url):
    """The file on disk behind a static URL, or None."""
    path = urlsplit(url).path
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    if ".." in name.split("/"):
        return None
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return finders.find(name)


def static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            filename = static_path(url)
            if filename is None:
                raise ValueError(f"Only the site's static files are read when printing: {url}")
            with open(filename, "rb") as file:
                body = file.read()
            kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return StaticFetcher()


def html_to_pdf(html, *, base_url):
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=static_fetcher())
    return document.write_pdf()
