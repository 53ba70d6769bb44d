"""Server processes for the benchmarks: started on a free loopback port with a
settings environment of their own, waited for, and always stopped."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ACCOUNT = {"email": "bench@example.org", "password": "bench-only-password"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def atelier_env(workdir: Path, name: str = "atelier", **settings: str) -> dict:
    """A clean environment: this shell's ``ATELIER_*`` left out, the database,
    instance folder and secret key in ``workdir``, then ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATELIER_")}
    env.update(
        ATELIER_DATABASE_URL=f"sqlite:///{workdir / f'{name}.sqlite3'}",
        ATELIER_INSTANCE_PATH=str(workdir / "instance"),
        ATELIER_SECRET_KEY="bench-only-secret",
        **settings,
    )
    return env


def create_account(env: dict) -> None:
    """The facilitator account ``ACCOUNT``, made as an admin would."""
    subprocess.run(
        [sys.executable, "-m", "atelier", "create-user", "--email", ACCOUNT["email"],
         "--name", "Bench", "--role", "facilitator", "--password", ACCOUNT["password"]],
        cwd=ROOT, env={**env, "ATELIER_ASYNC_MODE": "threading"}, check=True,
        capture_output=True,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it is still there 10 s later."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running(cmd: list[str], env: dict, port: int, log_path: Path, start_timeout: float = 120):
    """Run ``cmd`` until its ``/healthz`` answers on ``port`` (within ``start_timeout``
    seconds: a busy machine starts it slowly); yield its pid; stop it."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield process.pid
    finally:
        stop(process)


@contextlib.contextmanager
def atelier_server(workdir: Path, *, account: bool = False, **settings: str):
    """``python -m atelier serve`` (gevent) on a free port; yields ``(url, pid)``."""
    port = free_port()
    env = atelier_env(workdir, f"atelier-{port}", **settings)
    if account:
        create_account(env)
    cmd = [sys.executable, "-m", "atelier", "serve", "--host", HOST, "--port", str(port)]
    with running(cmd, env, port, workdir / f"atelier-{port}.log") as pid:
        yield f"http://{HOST}:{port}", pid
