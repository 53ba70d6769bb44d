"""The web server of ``atelier serve``: gevent's, with WebSocket, kept from slow and greedy clients.

- A client has ``HEADER_TIMEOUT`` seconds to send its request line and
  headers; the connection is then closed without an answer. The same clock
  closes a keep-alive connection that stays idle between two requests. The
  body (64 KiB at most) then has as long again: past that, ``400`` and the
  connection is closed.
- One address holds at most ``MAX_CONNECTIONS_PER_ADDRESS`` connections at
  once (WebSockets included); the next ones are answered ``503`` and
  closed. Behind a reverse proxy every connection comes from the proxy, so
  the cap is left to the proxy (``PROXY_HOPS`` > 0 turns it off here).
- The open-files limit is raised to the hard limit at start: each
  connection is a file descriptor.

Figures and reasons: docs/security.md ("Slow and greedy clients").
"""

import contextlib
import logging
import socket
import time

import click
import gevent
from gevent.pywsgi import Input, WSGIServer, _InvalidClientInput
from geventwebsocket.handler import WebSocketHandler
from werkzeug.exceptions import ClientDisconnected

from .addresses import address_key
from .logs import quiet_client_noise

log = logging.getLogger(__name__)

# Connections the kernel may hold for us before we accept them (gevent's
# default is 128): a room's phones all reconnect at once after a network
# blip or a restart. Linux caps it at net.core.somaxconn (4096).
BACKLOG = 1024
# File descriptors the process needs besides client connections: the
# database, Redis, logs, fonts for the PDF, the listening socket…
RESERVED_FILES = 256
# How long a refused connection may take to hand over what it already sent.
_DRAIN_SECONDS = 0.1
_BUSY_BODY = b"Too many connections from your address. Try again in a moment.\n"
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 10\r\n"
    b"Connection: close\r\n"
    b"Content-Length: " + str(len(_BUSY_BODY)).encode() + b"\r\n\r\n" + _BUSY_BODY
)


class HeaderTimeout(OSError):
    """The client did not finish its request line and headers in time."""


class BodyTimeout(ClientDisconnected, _InvalidClientInput):
    """The client did not finish its request body in time.

    A ``ClientDisconnected`` to the application (Flask answers 400), and to
    gevent an invalid input, after which it closes the connection rather
    than wait for the rest of the body."""


class DeadlineInput(Input):
    """gevent's request body, read within a total deadline from the end of the
    headers: a body trickled a byte at a time cannot hold a connection."""

    def __init__(self, *args, seconds: float, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = time.monotonic() + seconds

    def _within_deadline(self, read, *args):
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise BodyTimeout()
        with gevent.Timeout(left, BodyTimeout):
            return read(*args)

    def read(self, length=None):
        return self._within_deadline(super().read, length)

    def readline(self, size=None):
        return self._within_deadline(super().readline, size)


class GuardedHandler(WebSocketHandler):
    """gevent-websocket's handler, with a deadline on the request line and headers."""

    _header_clock = None

    def read_requestline(self):
        # The clock runs from the wait for a request line to the end of the
        # headers (read_request), in total: trickling a byte now and then
        # does not reset it.
        self._header_clock = gevent.Timeout.start_new(self.server.header_timeout, HeaderTimeout)
        return super().read_requestline()

    def read_request(self, raw_requestline):
        try:
            return super().read_request(raw_requestline)
        finally:
            self._stop_header_clock()

    def handle_one_request(self):
        try:
            return super().handle_one_request()
        finally:
            self._stop_header_clock()

    def get_environ(self):
        environ = super().get_environ()
        if environ["wsgi.input"] is self.wsgi_input:  # not a WebSocket upgrade
            plain = self.wsgi_input
            self.wsgi_input = DeadlineInput(
                self.rfile,
                plain.content_length,
                socket=plain.socket,
                chunked_input=plain.chunked_input,
                seconds=self.server.header_timeout,
            )
            environ["wsgi.input"] = self.wsgi_input
        return environ

    def _stop_header_clock(self) -> None:
        if self._header_clock is not None:
            self._header_clock.close()
            self._header_clock = None

    def _handle_client_error(self, ex):
        # gevent's hook for bad client input. A timeout during the request
        # line ends like a closed connection; during the headers it would be
        # printed with its traceback and answered 400: close quietly instead.
        if isinstance(ex, HeaderTimeout):
            return None
        if isinstance(ex, BodyTimeout):
            log.warning("closed a connection whose request body did not arrive in time")
            return None
        return super()._handle_client_error(ex)

    def log_error(self, msg, *args):
        # One line per malformed request from gevent: rate-limited with the rest.
        log.warning(msg, *args)

    def _log_error(self, t, v, tb):
        # An error that escaped the application. Engine.IO's WebSocket loop
        # lets a malformed frame's parsing error out; ClientNoise keeps that
        # to a short line and shows anything from our own code in full.
        if not issubclass(t, gevent.GreenletExit):
            log.error("request failed", exc_info=(t, v, tb))


class GuardedServer(WSGIServer):
    """gevent's WSGIServer that counts the open connections of each address."""

    handler_class = GuardedHandler

    def __init__(self, listener, application, *, header_timeout: float, per_address: int, **kw):
        super().__init__(listener, application, **kw)
        self.header_timeout = header_timeout
        self.per_address = per_address  # 0: no cap
        self.open_by_address: dict[str, int] = {}

    def handle(self, sock, address):
        key = address_key(address)
        held = self.open_by_address.get(key, 0)
        if self.per_address and held >= self.per_address:
            log.warning(
                "refused a connection from %s: %s already open from this address "
                "(ATELIER_MAX_CONNECTIONS_PER_ADDRESS)",
                key,
                held,
            )
            refuse(sock)
            return
        self.open_by_address[key] = held + 1
        try:
            super().handle(sock, address)
        finally:
            left = self.open_by_address[key] - 1
            if left:
                self.open_by_address[key] = left
            else:
                del self.open_by_address[key]


def refuse(sock) -> None:
    """Answer 503 and let the client read it before the connection closes."""
    with contextlib.suppress(OSError):
        sock.sendall(BUSY)
        sock.shutdown(socket.SHUT_WR)
        # Read what the client already sent: closing with unread data would
        # reset the connection, and the client might lose the answer.
        with gevent.Timeout(_DRAIN_SECONDS, False):
            sock.recv(65536)


def raise_open_files_limit() -> tuple[int, int]:
    """Raise the soft limit on open files to the hard one; (before, after)."""
    try:
        import resource
    except ImportError:  # not a Unix
        return 0, 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            log.warning("could not raise the open-files limit from %s to %s", soft, target)
            return soft, soft
        return soft, target
    return soft, soft


def serve(app, host: str, port: int) -> None:
    """Serve ``app`` (Flask with Flask-SocketIO in gevent mode) until stopped."""
    config = app.config
    quiet_client_noise([log.name])
    before, after = raise_open_files_limit()
    if after != before:
        click.echo(f"Open files: limit raised from {before} to {after} (the hard limit).")
    elif after:
        click.echo(f"Open files: limit {after}.")
    per_address = int(config["MAX_CONNECTIONS_PER_ADDRESS"] or 0)
    if int(config["PROXY_HOPS"] or 0) and per_address:
        click.echo("Connections per address: not capped here, behind a proxy (PROXY_HOPS).")
        per_address = 0
    if per_address and after and after < per_address + RESERVED_FILES:
        log.warning(
            "the open-files limit (%s) is below ATELIER_MAX_CONNECTIONS_PER_ADDRESS (%s) + %s: "
            "one address could use up every file descriptor; raise the hard limit "
            "(LimitNOFILE= in a systemd unit, ulimit -Hn) or lower the cap",
            after,
            per_address,
            RESERVED_FILES,
        )
    server = GuardedServer(
        (host, port),
        app,
        header_timeout=float(config["HEADER_TIMEOUT"]),
        per_address=per_address,
        backlog=BACKLOG,
        log="default" if app.debug else None,
    )
    server.serve_forever()
