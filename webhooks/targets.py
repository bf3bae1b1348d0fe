"""Where a webhook may be sent, and the one call that sends it.

A target must be https and every address its host resolves to must be public: not
private, loopback, link-local (cloud metadata services live there), shared, multicast or
reserved. The rule is checked when a subscription is saved and again before each call,
and the call then goes to the address that was checked, so a host that resolves to a
public address at the check and to an internal one a moment later (DNS rebinding) gains
nothing. `WEBHOOK_ALLOW_PRIVATE_TARGETS` lifts the address rule and allows plain http,
for tests and intranets.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

CONNECT_TIMEOUT = 5  # seconds
READ_TIMEOUT = 10  # seconds, for each read of the answer
TOTAL_TIMEOUT = 30  # seconds for the whole call, however slowly the answer trickles in
EXCERPT_CHARS = 500


class RefusedTarget(Exception):
    """A target URL that the rules forbid."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple


def check_url(url, *, allow_private, resolve=None):
    """The parsed target, or RefusedTarget saying why it is not allowed.

    Without `allow_private` the host is resolved and every address checked.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme != "https" and not (allow_private and scheme == "http"):
        raise RefusedTarget("Use an https:// address.")
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget("Put no user name or password in the address.")
    host = parts.hostname
    if not host:
        raise RefusedTarget("The address has no host.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise RefusedTarget("The port is not valid.") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    addresses = ()
    if not allow_private:
        addresses = (resolve or resolve_host)(host, port)
        for address in addresses:
            if not is_public(address):
                raise RefusedTarget(
                    f"{host} resolves to {address}, a private, loopback, link-local or "
                    "otherwise internal address: webhooks only go to public addresses."
                )
    return Target(scheme, host, port, path, addresses)


def resolve_host(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedTarget(f"{host} cannot be resolved.") from None
    addresses = tuple(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise RefusedTarget(f"{host} cannot be resolved.")
    return addresses


def is_public(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header still names the host."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, timeout=READ_TIMEOUT, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection(
            (self.address or self.host, self.port), CONNECT_TIMEOUT
        )
        self.sock.settimeout(READ_TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """As above, with TLS: the certificate must be valid for the host's name."""

    def __init__(self, host, port, address):
        super().__init__(host, port, address)
        self.context = ssl.create_default_context()

    def connect(self):
        super().connect()
        self.sock = self.context.wrap_socket(self.sock, server_hostname=self.host)


def post(url, body, headers, *, allow_private, resolve=None):
    """POST the body once, checking the target first. Redirects are not followed."""
    started = time.monotonic()

    def elapsed():
        return round((time.monotonic() - started) * 1000)

    try:
        target = check_url(url, allow_private=allow_private, resolve=resolve)
    except RefusedTarget as refused:
        return Answer(None, elapsed(), f"Refused: {refused}")
    address = target.addresses[0] if target.addresses else None
    kind = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    connection = kind(target.host, target.port, address)
    watchdog = threading.Timer(TOTAL_TIMEOUT, _cut, [connection])
    watchdog.start()
    try:
        connection.request("POST", target.path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_CHARS * 4).decode("utf-8", "replace")[:EXCERPT_CHARS]
        return Answer(response.status, elapsed(), excerpt=excerpt)
    except TimeoutError:
        return Answer(None, elapsed(), "Timed out.")
    except ssl.SSLError as error:
        return Answer(None, elapsed(), f"TLS error: {error.reason or error}"[:300])
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, elapsed(), f"{type(error).__name__}: {error}"[:300])
    finally:
        watchdog.cancel()
        connection.close()


def _cut(connection):
    """Stop a call that has run too long: the blocked read returns at once."""
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
