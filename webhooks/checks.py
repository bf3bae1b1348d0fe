"""Settings the webhooks rely on, checked when the app starts."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register()
def site_url(app_configs, **kwargs):
    """Events carry record URLs built on SITE_URL: it must be a site's address."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in {"http", "https"} and parts.netloc and parts.path in {"", "/"}:
        return []
    return [
        checks.Error(
            f"DJANGO_SITE_URL={settings.SITE_URL!r} is not a site's address.",
            hint="Give the scheme and host partners use, e.g. https://workplan.example.org",
            id="webhooks.E001",
        )
    ]
