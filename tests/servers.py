"""Real `atelier serve` processes, for browser and multi-process tests."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

import requests
import socketio

ACCOUNT = {"email": "camille@example.org", "password": "un mot de passe de test"}


def create_account(
    env: dict, account: dict = ACCOUNT, name: str = "Camille", role: str = "facilitator"
) -> None:
    """An account in the server's database (``ACCOUNT``, a facilitator, unless
    said otherwise), made as an admin would."""
    subprocess.run(
        [sys.executable, "-m", "atelier", "create-user", "--email", account["email"],
         "--name", name, "--role", role, "--password", account["password"]],
        env={**os.environ, "ATELIER_SECRET_KEY": "tests-only-secret",
             "ATELIER_ASYNC_MODE": "threading", **env},
        check=True,
        capture_output=True,
    )  # fmt: skip


def signed_in(base: str) -> requests.Session:
    """A browser-like session signed in to ``ACCOUNT`` on a running server."""
    session = requests.Session()
    session.post(f"{base}/api/session", json=ACCOUNT, timeout=10).raise_for_status()
    return session


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`python -m atelier serve` on a fixed port; can be stopped and started again."""

    def __init__(self, env: dict, log_path, port: int | None = None, **popen):
        self.popen = popen  # more subprocess.Popen options, e.g. preexec_fn
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "ATELIER_SECRET_KEY": "tests-only-secret", **env}
        self.env.pop("ATELIER_ASYNC_MODE", None)  # the real thing: gevent
        self.log_path = log_path
        self.process = None

    def start(self) -> "ServerProcess":
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "atelier", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                **self.popen,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()  # not left running behind the failed test
        raise RuntimeError(f"server did not start: {self.tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def tail(self) -> str:
        with open(self.log_path, errors="replace") as log:
            return log.read()[-3000:]


@contextlib.contextmanager
def site_server(folder, **settings: str):
    """A gevent server on a new SQLite database in ``folder``, with ``ACCOUNT``
    in it; yields ``(server, env, database)``; stopped afterwards."""
    database = folder / "atelier.sqlite3"
    env = {"ATELIER_DATABASE_URL": f"sqlite:///{database}", **settings}
    create_account(env)
    server = ServerProcess(env, folder / "server.log").start()
    try:
        yield server, env, database
    finally:
        server.stop()


@contextlib.contextmanager
def running_server(env: dict, log_path, port: int | None = None):
    """Start a server with ``env``; yield its base URL; stop it afterwards."""
    server = ServerProcess(env, log_path, port).start()
    try:
        yield server.url
    finally:
        server.stop()


def connect(base: str, auth: dict) -> socketio.Client:
    """A Socket.IO client on a running server, over WebSocket, that does not reconnect."""
    client = socketio.Client(reconnection=False)
    client.connect(base, auth=auth, transports=["websocket"])
    return client


def ok(client: socketio.Client, event: str, payload: dict) -> dict:
    ack = client.call(event, payload, timeout=10)
    assert ack["ok"], (event, ack)
    return ack
