"""Slow and greedy clients against `atelier serve`: what is closed, when, and /healthz meanwhile.

From one address (127.0.0.1): ``--slow`` connections send a request line and
then a header every 2 s without ever finishing; once they are all open,
``--over`` more connections send a whole request. From another address
(127.0.0.2), /healthz is asked every 0.1 s on a fresh connection for the
whole run.

By default the bench starts its own server (SQLite in a temporary
directory) with ``ATELIER_MAX_CONNECTIONS_PER_ADDRESS`` = ``--slow``, so
that the ``--over`` connections are over the cap, and the default header
timeout (20 s); the run takes about that long plus a few seconds, and at
most ``header timeout + 15`` s. ``--url`` measures a server already running
(its own settings apply; server memory and descriptors are then not read).

    python -m bench.slow_clients --slow 500 --over 500

Loopback only (Linux routes all of 127.0.0.0/8 there); the server started
here is stopped on exit, error or Ctrl-C.
"""

import argparse
import contextlib
import http.client
import os
import platform
import resource
import selectors
import socket
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from importlib.metadata import version
from pathlib import Path

from .servers import atelier_server

ATTACKER, BYSTANDER = "127.0.0.1", "127.0.0.2"
TRICKLE_EVERY = 2.0  # seconds between two header lines of a slow client
PROBE_EVERY = 0.1
OPEN_FOR = 10.0  # seconds to open each group of connections, at most


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class Prober(threading.Thread):
    """GET /healthz from another address, on a fresh connection each time."""

    def __init__(self, host: str, port: int):
        super().__init__(daemon=True)
        self.host, self.port = host, port
        self.latencies: list[float] = []
        self.failures = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=5, source_address=(BYSTANDER, 0)
                )
                conn.request("GET", "/healthz")
                ok = conn.getresponse().status == 200
                conn.close()
            except OSError:
                ok = False
            if ok:
                self.latencies.append(time.monotonic() - started)
            else:
                self.failures += 1
            time.sleep(PROBE_EVERY)


class Tracked:
    """One bench connection: when it opened, when the server ended it, what it said."""

    def __init__(self, sock: socket.socket, opened: float):
        self.sock, self.opened = sock, opened
        self.ended: float | None = None
        self.received = b""


def open_from(host: str, port: int, count: int, first_bytes: bytes) -> tuple[list[Tracked], int]:
    """``count`` connections that sent ``first_bytes``, and how many could not connect
    (a server out of descriptors stops accepting: the bench gives up after 10 s)."""
    tracked, failed = [], 0
    give_up_at = time.monotonic() + OPEN_FOR
    for _ in range(count):
        if time.monotonic() > give_up_at:
            failed += 1
            continue
        try:
            sock = socket.create_connection((host, port), 1, source_address=(ATTACKER, 0))
            sock.sendall(first_bytes)
        except OSError:
            failed += 1
            continue
        sock.setblocking(False)
        tracked.append(Tracked(sock, time.monotonic()))
    return tracked, failed


def watch(groups: list[list[Tracked]], until: float) -> None:
    """Read until every connection has ended or ``until``; trickle headers on the slow ones."""
    selector = selectors.DefaultSelector()
    for group in groups:
        for conn in group:
            selector.register(conn.sock, selectors.EVENT_READ, conn)
    slow = groups[0]
    next_trickle = time.monotonic() + TRICKLE_EVERY
    while selector.get_map() and time.monotonic() < until:
        for key, _ in selector.select(timeout=0.05):
            conn = key.data
            try:
                chunk = conn.sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if chunk:
                conn.received += chunk
                continue
            conn.ended = time.monotonic()
            selector.unregister(conn.sock)
            conn.sock.close()
        if time.monotonic() >= next_trickle:
            next_trickle += TRICKLE_EVERY
            for conn in slow:
                if conn.ended is None:
                    with contextlib.suppress(OSError):
                        conn.sock.send(b"X-Slow: 1\r\n")
    for key in list(selector.get_map().values()):
        key.fileobj.close()


def spread(values: list[float], unit: float = 1.0, digits: int = 1) -> str:
    if not values:
        return "-"
    values = sorted(v * unit for v in values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return (
        f"min {values[0]:.{digits}f} / p50 {statistics.median(values):.{digits}f} / "
        f"p95 {p95:.{digits}f} / max {values[-1]:.{digits}f}"
    )


def run(url: str, pid: int | None, slow_count: int, over_count: int, deadline: float) -> None:
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    prober = Prober(host, port)
    prober.start()
    time.sleep(1)
    idle = (rss_mib(pid), open_fds(pid)) if pid else None

    started = time.monotonic()
    slow, slow_failed = open_from(
        host, port, slow_count, b"GET /healthz HTTP/1.1\r\nHost: bench\r\n"
    )
    opened_in = time.monotonic() - started
    time.sleep(0.5)  # let the server take them all before going over the cap
    held = (rss_mib(pid), open_fds(pid)) if pid else None
    over, over_failed = open_from(
        host, port, over_count, b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
    )
    watch([slow, over], until=started + deadline)
    prober.running = False
    prober.join(10)

    closed = [c for c in slow if c.ended is not None]
    answered = [c for c in slow if c.received]
    print(f"\nslow-header connections from {ATTACKER}: {slow_count} (opened in {opened_in:.1f} s)")
    still_open = len(slow) - len(closed)
    print(f"  could not connect: {slow_failed}")
    print(f"  closed by the server: {len(closed)}, still open at the end: {still_open}")
    print(f"  closed after (s): {spread([c.ended - c.opened for c in closed])}")
    print(f"  answered before closing: {len(answered)}")
    refused = [c for c in over if c.received.startswith(b"HTTP/1.1 503")]
    served = [c for c in over if c.received.startswith(b"HTTP/1.1 200")]
    silent = [c for c in over if c.ended is not None and not c.received]
    print(f"\nthen {over_count} more from {ATTACKER} (over the cap if it is at most --slow)")
    print(f"  could not connect: {over_failed}")
    print(f"  answered 503: {len(refused)}, closed without an answer: {len(silent)}")
    print(f"  served anyway (200): {len(served)}")
    print(f"  refused after (ms): {spread([c.ended - c.opened for c in refused], 1000, 1)}")
    print(f"\n/healthz from {BYSTANDER} meanwhile: {len(prober.latencies)} answered,")
    print(f"  {prober.failures} failed; latency (ms): {spread(prober.latencies, 1000, 1)}")
    if idle and held:
        per_conn = (held[0] - idle[0]) * 1024 / max(slow_count, 1)
        print(f"\nserver: RSS {idle[0]:.0f} MiB idle, {held[0]:.0f} MiB with the slow connections")
        print(f"  ({per_conn:.1f} KiB each); open descriptors {idle[1]} idle, {held[1]} then")
    print(f"\nrun: {time.monotonic() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--slow", type=int, default=500, help="slow-header connections")
    parser.add_argument("--over", type=int, default=500, help="connections over the cap")
    parser.add_argument("--cap", type=int, help="per-address cap of the server started (--slow)")
    parser.add_argument("--header-timeout", type=float, default=20.0)
    parser.add_argument("--url", help="a running `atelier serve` instead of one started here")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, args.slow + args.over + 256) if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    cap = args.cap or args.slow
    print(
        f"bench.slow_clients: {platform.python_version()}, gevent {version('gevent')}, "
        f"gevent-websocket {version('gevent-websocket')}, {os.cpu_count()} CPU"
    )
    deadline = args.header_timeout + 15
    if args.url:
        print(f"server: {args.url} (its own settings)")
        run(args.url, None, args.slow, args.over, deadline)
        return
    print(f"server: started here, cap {cap} per address, header timeout {args.header_timeout:g} s")
    with (
        tempfile.TemporaryDirectory(prefix="atelier-bench-") as tmp,
        atelier_server(
            Path(tmp),
            ATELIER_MAX_CONNECTIONS_PER_ADDRESS=str(cap),
            ATELIER_HEADER_TIMEOUT=str(args.header_timeout),
        ) as (url, pid),
    ):
        run(url, pid, args.slow, args.over, deadline)


if __name__ == "__main__":
    main()
