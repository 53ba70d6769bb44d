"""Real `atelier serve` processes, for browser and multi-process tests."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(env: dict, log_path, port: int | None = None):
    """Start `python -m atelier serve` with ``env``; yield its base URL."""
    port = port or free_port()
    full_env = {**os.environ, "ATELIER_SECRET_KEY": "tests-only-secret", **env}
    full_env.pop("ATELIER_ASYNC_MODE", None)  # the real thing: gevent
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "atelier", "serve", "--port", str(port)],
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log_path)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(base: str, process, log_path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {_tail(log_path)}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start: {_tail(log_path)}")


def _tail(log_path) -> str:
    with open(log_path, errors="replace") as log:
        return log.read()[-3000:]
