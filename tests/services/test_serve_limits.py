"""`atelier serve` against slow, greedy and malformed clients, on real processes.

Each scenario talks to the server from its own loopback address (Linux routes
all of 127.0.0.0/8 to loopback), so that the per-address cap of one does not
meet the connections of another.
"""

import http.client
import json
import resource
import select
import socket
import time
from pathlib import Path

import pytest
import requests
import websocket

from ..servers import ServerProcess, create_account, signed_in

HEADER_TIMEOUT = 2
CAP = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with a short header timeout, started with a low open-files limit."""
    tmp = tmp_path_factory.mktemp("serve-limits")
    env = {
        "ATELIER_DATABASE_URL": f"sqlite:///{tmp / 'atelier.sqlite3'}",
        "ATELIER_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
    }
    create_account(env)
    process = ServerProcess(env, tmp / "server.log", preexec_fn=_few_open_files).start()
    yield process
    process.stop()


@pytest.fixture
def capped_server(tmp_path):
    env = {
        "ATELIER_DATABASE_URL": f"sqlite:///{tmp_path / 'atelier.sqlite3'}",
        "ATELIER_MAX_CONNECTIONS_PER_ADDRESS": str(CAP),
        "ATELIER_HEADER_TIMEOUT": "60",
    }
    process = ServerProcess(env, tmp_path / "server.log").start()
    yield process
    process.stop()


def _few_open_files():
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))


def connect_from(server: ServerProcess, source: str) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), 5, source_address=(source, 0))


def healthz_from(server: ServerProcess, source: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, 5, source_address=(source, 0))
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status
    finally:
        conn.close()


def ended(sock: socket.socket, wait: float = 0) -> bytes | None:
    """What the server sent before closing, or None while the connection is open."""
    if not select.select([sock], [], [], wait)[0]:
        return None
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def wait_for_end(sock: socket.socket, seconds: float = 5) -> bytes | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        received = ended(sock, 0.1)
        if received is not None:
            return received
    return None


def log_of(server: ServerProcess) -> str:
    return server.log_path.read_text(errors="replace")


# -- finding 5: slow clients, connection cap, open files -------------------------------
def test_slow_headers_are_closed_after_the_timeout_while_healthz_answers(server):
    slow = [connect_from(server, "127.0.0.3") for _ in range(CAP)]
    for sock in slow:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: atelier\r\n")
    opened, closed_after = time.monotonic(), {}
    while len(closed_after) < len(slow) and time.monotonic() - opened < HEADER_TIMEOUT + 10:
        for n, sock in enumerate(slow):
            if n in closed_after:
                continue
            try:
                sock.sendall(b"X-Slow: 1\r\n")  # a header now and then: the deadline holds
                received = ended(sock)
            except OSError:
                received = b""
            if received is not None:
                assert not received.startswith(b"HTTP/"), received  # closed, not answered
                closed_after[n] = time.monotonic() - opened
        assert healthz_from(server, "127.0.0.2") == 200  # the server answers meanwhile
        time.sleep(0.25)
    assert len(closed_after) == len(slow), f"{len(slow) - len(closed_after)} still open"
    assert min(closed_after.values()) > HEADER_TIMEOUT / 2  # the clock, not an instant refusal
    for sock in slow:
        sock.close()


def test_a_body_trickled_after_the_headers_is_answered_400_and_closed(server):
    """The headers on time, then a body that never ends: a byte now and then must
    not hold the connection (nor the form's request) for ever."""
    routes = ("/login", "/signup", "/api/session", "/socket.io/?EIO=4&transport=polling")
    trickling = []
    for path in routes:
        sock = connect_from(server, "127.0.0.9")
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: atelier\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 1000\r\n\r\nemail=".encode()
        )
        trickling.append(sock)
    opened, answers = time.monotonic(), {}
    while len(answers) < len(trickling) and time.monotonic() - opened < HEADER_TIMEOUT + 10:
        for n, sock in enumerate(trickling):
            if n in answers:
                continue
            try:
                sock.sendall(b"x")
                received = ended(sock)
            except OSError:
                received = b""
            if received is not None:
                answers[n] = received
        time.sleep(0.25)
    assert len(answers) == len(trickling), f"{len(trickling) - len(answers)} still open"
    for n, received in answers.items():
        status = received.split(b"\r\n", 1)[0]
        assert status in (b"", b"HTTP/1.1 400 BAD REQUEST"), (routes[n], received[:200])
    assert healthz_from(server, "127.0.0.2") == 200
    assert "Traceback" not in log_of(server)
    for sock in trickling:
        sock.close()


def test_connections_past_the_cap_are_refused_while_another_address_gets_in(capped_server):
    held = []
    for _ in range(CAP):  # served, then kept open (keep-alive), as browsers do
        conn = http.client.HTTPConnection(
            "127.0.0.1", capped_server.port, 5, source_address=("127.0.0.4", 0)
        )
        conn.request("GET", "/healthz")
        assert conn.getresponse().read() and conn.sock is not None
        held.append(conn)
    refused = []
    for _ in range(5):
        sock = connect_from(capped_server, "127.0.0.4")
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: atelier\r\n\r\n")
        refused.append(wait_for_end(sock))
        sock.close()
    assert all(r is not None and r.startswith(b"HTTP/1.1 503") for r in refused), refused
    assert healthz_from(capped_server, "127.0.0.5") == 200  # another address is not held back
    # A closed connection frees its place.
    held.pop().close()
    deadline = time.monotonic() + 5
    while healthz_from(capped_server, "127.0.0.4") != 200:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    for conn in held:
        conn.close()
    assert "refused a connection from 127.0.0.4" in log_of(capped_server)


def test_the_open_files_limit_is_raised_to_the_hard_limit_at_start(server):
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limits = Path(f"/proc/{server.process.pid}/limits").read_text()
    (line,) = [row for row in limits.splitlines() if row.startswith("Max open files")]
    assert line.split()[3:5] == [str(hard), str(hard)]
    assert f"Open files: limit raised from 256 to {hard}" in log_of(server)


# -- finding 7: malformed packets do not flood the log ---------------------------------
def websocket_from(server: ServerProcess, source: str):
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket",
        timeout=10,
        source_address=(source, 0),
    )
    assert ws.recv().startswith("0{")  # Engine.IO's open packet
    return ws


def test_malformed_packets_leave_a_few_short_lines_in_the_log(server):
    before = len(log_of(server))
    ws = websocket_from(server, "127.0.0.6")
    malformed = ["4", "42", "42{}", "42[", "43", "4[[", "45-[]"]
    for n in range(5000):
        ws.send(malformed[n % len(malformed)])
    # Socket.IO's CONNECT without credentials is refused: its answer comes
    # after every packet above has been through the parser.
    ws.send("40")
    assert ws.recv().startswith("44")
    ws.close()
    polling = requests.Session()
    url = f"{server.url}/socket.io/?EIO=4&transport=polling"
    sid = json.loads(polling.get(url, timeout=5).text[1:])["sid"]
    for n in range(100):
        polling.post(f"{url}&sid={sid}", data=["x", *malformed][n % 8], timeout=5)
    assert healthz_from(server, "127.0.0.6") == 200
    grown = log_of(server)[before:]
    assert "Traceback" not in grown
    assert len(grown) < 3000, grown


# -- finding 9: deeply nested JSON in a Socket.IO event --------------------------------
def test_a_deeply_nested_event_payload_is_dropped_with_a_short_line(server):
    code = (
        signed_in(server.url)
        .post(f"{server.url}/api/workshops", json={"title": "Profondeur"}, timeout=10)
        .json()["workshop"]["code"]
    )
    ws = websocket_from(server, "127.0.0.7")
    ws.send("40" + json.dumps({"code": code, "view": "screen"}))
    greeting = sorted(ws.recv()[:10] for _ in range(2))  # the state comes with the connection
    assert greeting == ['40{"sid":"', '42["state"']
    ws.send('421["sync",' + "[" * 30_000 + "]" * 30_000 + "]")  # RecursionError when parsed
    ws.send('422["sync",' + "[" * 500 + "]" * 500 + "]")  # parsed: a list is not a payload
    ws.send('423["sync",{}]')
    answers = [ws.recv(), ws.recv()]
    assert answers[0].startswith("432[") and "invalid_request" in answers[0]
    assert answers[1].startswith("433[") and '"ok":true' in answers[1].replace(" ", "")
    ws.close()
    assert "Traceback" not in log_of(server)


# -- finding 13: long-polling POSTs Engine.IO refuses are answered -----------------------
@pytest.mark.parametrize(
    "body",
    [b"4" + b"a" * 70_000, b"6", b"9"],
    ids=["over-64-KiB", "noop-from-client", "unknown-type"],
)
def test_a_refused_long_polling_post_is_answered_at_once(server, body):
    polling = requests.Session()
    url = f"{server.url}/socket.io/?EIO=4&transport=polling"
    sid = json.loads(polling.get(url, timeout=5).text[1:])["sid"]
    refused = polling.post(f"{url}&sid={sid}", data=body, timeout=5)
    assert refused.status_code == 400
    # The session is closed: its next poll is refused as well.
    assert polling.get(f"{url}&sid={sid}", timeout=5).status_code == 400
