"""Which client a request comes from, behind the TLS proxy (README, "Deploying")."""

from django.conf import settings


def client_ip(request):
    """The address the proxy appended to X-Forwarded-For: a client can forge those before it.

    Without the proxy every client would share the proxy's address, and one officer's
    mistyped passwords would lock the account out for everyone.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR")
