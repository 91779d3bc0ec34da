"""Posting a webhook without becoming a way into our own network (server-side request forgery).

An office types any URL; we must never post to this machine, the private network, or a cloud's
metadata address (169.254.169.254) on its behalf. So the host is resolved and *every* address
it resolves to must be public (loopback only with WEBHOOK_ALLOW_LOOPBACK, for development and
the tests), when the URL is registered and again at each delivery; and the connection goes to
the very address that was checked, so a name that resolves to a public address at the check
and a private one a moment later (DNS rebinding) still reaches the public one. Redirects are
not followed (a redirect could lead anywhere); https is required except on loopback."""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_URL_LENGTH = 500


class UnsafeUrlError(Exception):
    """The URL may not receive webhooks; the message says why, for staff."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query
    address: str  # the checked address to connect to


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return settings.WEBHOOK_ALLOW_LOOPBACK
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise UnsafeUrlError(
            _("The address %(host)s does not resolve.") % {"host": host}
        ) from error
    return sorted({info[4][0] for info in infos})


def webhook_target(url: str) -> Target:
    """The URL's parts and the one address to connect to; UnsafeUrlError when any address the
    host resolves to is private, loopback (unless allowed), link-local or reserved."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrlError(_("The URL is too long."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrlError(_("This is not a valid URL.")) from error
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeUrlError(_("Give an https:// address."))
    if parts.username or parts.password:
        raise UnsafeUrlError(_("Put no user name or password in the URL."))
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(parts.hostname, port)
    refused = [address for address in addresses if not _address_allowed(address)]
    if not addresses or refused:
        raise UnsafeUrlError(
            _("%(host)s points to a private, local or reserved address (%(address)s).")
            % {"host": parts.hostname, "address": (refused or ["-"])[0]}
        )
    loopback_only = all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
    if parts.scheme == "http" and not loopback_only:
        raise UnsafeUrlError(_("Give an https:// address."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, with the URL's host name for SNI and the certificate."""

    def __init__(self, target: Target, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._tls)
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def post_json(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to `url` and return the answer's status (the answer's body is not read
    beyond a little). Raises UnsafeUrlError, or OSError / http.client.HTTPException when the
    receiver cannot be reached."""
    target = webhook_target(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": "COP-Workshops-Webhook/1"}
            | headers,
        )
        response = connection.getresponse()
        response.read(1024)
        return response.status
    finally:
        connection.close()
