"""A Redis and a PostgreSQL of the test's own, that it may stop, freeze and
restart under running workers without touching the machine's shared ones.

Enabled like the other services tests (``ATELIER_TEST_POSTGRES_URL`` and
``ATELIER_TEST_REDIS_URL`` set): then a missing binary fails the test.
"""

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import redis

from ..servers import free_port


def _wanted() -> None:
    switches = ("ATELIER_TEST_POSTGRES_URL", "ATELIER_TEST_REDIS_URL")
    if not all(os.environ.get(name) for name in switches):
        pytest.skip("set ATELIER_TEST_POSTGRES_URL and ATELIER_TEST_REDIS_URL to run outage tests")


class PrivateRedis:
    """``redis-server`` on a free loopback port, in memory only; ``stop`` and
    ``start`` keep the port, as a restarted Redis would."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.fail("redis-server is missing: apt-get install redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "PrivateRedis":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.RedisError):
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return self
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "the private Redis did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        """Gone at once, as when Redis crashes or is restarted."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary folder owned by ``postgres`` (the
    server refuses to run as root), on a free loopback port, trusting local
    connections."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
        self.bindir = Path(found[-1]).parent if found else None
        if self.bindir is None:
            pg_ctl = shutil.which("pg_ctl")
            self.bindir = Path(pg_ctl).parent if pg_ctl else None
        if self.bindir is None or not (self.bindir / "initdb").exists():
            pytest.fail("PostgreSQL's initdb and pg_ctl are missing: apt-get install postgresql")
        self.folder = Path(tempfile.mkdtemp(prefix="atelier-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_postgres:
            shutil.chown(self.folder, "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self._as_postgres, *args], capture_output=True, text=True, check=check, timeout=60
        )

    def create(self) -> "PrivatePostgres":
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust",
                  "-U", "postgres", "-E", "UTF8", "--no-sync")  # fmt: skip
        return self.start()

    def start(self) -> "PrivatePostgres":
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "postgres.log"), "-o", options, "-w", "start")  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop",
                  check=False)  # fmt: skip

    def processes(self) -> list[int]:
        """The postmaster and every backend it started."""
        master = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True
        ).stdout.split()
        return [master, *map(int, children)]

    def freeze(self) -> list[int]:
        """A database that hangs: every process stopped (SIGSTOP), sockets open."""
        frozen = self.processes()
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        return frozen

    def thaw(self, frozen: list[int]) -> None:
        for pid in frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def query(self, sql: str, *params) -> list[tuple]:
        plain = self.url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _version(path: str) -> float:
    with contextlib.suppress(ValueError):
        return float(Path(path).parts[-3])
    return 0.0


@contextlib.contextmanager
def private_services(folder: Path):
    """``(postgres, redis)``, both running; removed afterwards."""
    _wanted()
    redis_server = PrivateRedis(folder)
    postgres = PrivatePostgres()
    try:
        redis_server.start()
        postgres.create()
        yield postgres, redis_server
    finally:
        redis_server.stop()
        postgres.destroy()
