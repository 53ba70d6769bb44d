"""The scaled-out deployment, run locally: the shipped nginx configuration in
front of N `atelier serve` workers on one PostgreSQL database and one Redis.

Used by bench/scale_out.py and tests/services/test_behind_nginx.py:

- ``running_nginx``: deploy/nginx/atelier.conf with its EDIT blocks replaced
  (our ports and folders, plain HTTP), run by Debian's nginx in the
  foreground on a free loopback port;
- ``fresh_database``: a PostgreSQL database of its own, dropped afterwards;
- ``redis_settings``: a Redis channel and rate-limit key prefix of its own;
- ``atelier_workers``: N migrated `atelier serve` workers (gevent) on them.

Everything started here is stopped on exit, error or Ctrl-C.
"""

import contextlib
import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .servers import HOST, ROOT, atelier_env, create_account, free_port, running, stop

CONF = ROOT / "deploy" / "nginx" / "atelier.conf"
# What the access log says of a request: enough to tell a cache hit and the worker.
LOG_FORMAT = '$request_method $uri $status "$upstream_cache_status" "$upstream_addr"'


def nginx_binary() -> str:
    """Debian's nginx (``make system-test-deps``)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise RuntimeError("nginx is missing: run `make system-test-deps`")
    return found


def render(conf: str, port: int, workers: list[int], cache: Path) -> str:
    """The shipped file with its EDIT blocks replaced: our ports and folders, plain HTTP."""
    blocks = {
        "workers": "".join(f"server {HOST}:{p} max_fails=1 fail_timeout=5s;\n" for p in workers),
        "cache": f"proxy_cache_path {cache} levels=1:2 keys_zone=atelier_static:10m "
        "max_size=50m inactive=1d use_temp_path=off;\n",
        "redirect": "",
        "tls": f"listen {HOST}:{port};\n",
    }
    for name, text in blocks.items():
        conf, found = re.subn(
            rf"# >>> EDIT {name}\b.*?# <<< EDIT {name}\n",
            lambda _, text=text: text,
            conf,
            flags=re.S,
        )
        if found != 1:
            raise AssertionError(f"deploy/nginx/atelier.conf lost its EDIT {name} block")
    return conf


@dataclasses.dataclass
class Nginx:
    base: str  # http://127.0.0.1:PORT
    port: int
    access_log: Path
    process: subprocess.Popen

    def pids(self) -> list[int]:
        """The master and its worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [self.process.pid, *map(int, children.read_text().split())]
        return [self.process.pid]


def main_conf(
    folder: Path,
    *,
    worker_processes: str = "1",
    worker_connections: int = 4096,
    access_log: bool = True,
) -> Path:
    """nginx.conf around ``folder``/atelier.conf (as Debian's includes conf.d/*.conf),
    its temporary files, cache and logs in ``folder``."""
    temp = folder / "temp"
    for sub in ("cache", "temp"):
        (folder / sub).mkdir(exist_ok=True)
    log = f"access_log {folder}/access.log probe;" if access_log else "access_log off;"
    path = folder / "nginx.conf"
    path.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers may then write our folders
        + f"worker_processes {worker_processes};\npid {folder}/nginx.pid;\n"
        f"worker_rlimit_nofile {2 * worker_connections + 64};\n"
        f"events {{ worker_connections {worker_connections}; }}\n"
        "http {\n"
        f"  log_format probe '{LOG_FORMAT}';\n"
        f"  {log}\n"
        + "".join(f"  {kind}_temp_path {temp}/{kind};\n" for kind in
                  ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  include {folder}/atelier.conf;\n}}\n"
    )  # fmt: skip
    return path


@contextlib.contextmanager
def running_nginx(
    folder: Path,
    workers: list[int],
    *,
    worker_processes: str = "1",
    worker_connections: int = 4096,
    access_log: bool = True,
):
    """nginx in the foreground on a free loopback port, files in ``folder``; yields
    an ``Nginx``. Each proxied WebSocket holds two of ``worker_connections``."""
    port = free_port()
    (folder / "atelier.conf").write_text(render(CONF.read_text(), port, workers, folder / "cache"))
    main_conf(folder, worker_processes=worker_processes,
              worker_connections=worker_connections, access_log=access_log)  # fmt: skip
    with open(folder / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(
            [nginx_binary(), "-e", str(folder / "error.log"), "-p", str(folder),
             "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )  # fmt: skip
    nginx = Nginx(f"http://{HOST}:{port}", port, folder / "access.log", process)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(folder / 'stderr.log').read_text()}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{nginx.base}/healthz", timeout=2).close()
                break
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer")
            time.sleep(0.2)
        yield nginx
    finally:
        stop(process)


# -- PostgreSQL and Redis ------------------------------------------------------
def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextlib.contextmanager
def fresh_database(server_url: str):
    """A new database ``bench_<pid>_<random>`` on the PostgreSQL of ``server_url``
    (any database there); yields ``(its URL, its name)``; dropped afterwards,
    connections and all."""
    import psycopg

    name = f"bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_plain(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    head, _, query = server_url.partition("?")
    url = head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    try:
        yield url, name
    finally:
        with psycopg.connect(_plain(server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backend_pids(server_url: str, database: str) -> list[int]:
    """The PostgreSQL server processes serving ``database`` now."""
    import psycopg

    with psycopg.connect(_plain(server_url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return [pid for (pid,) in rows]


def redis_settings(redis_url: str) -> dict:
    """A message-queue channel and rate-limit key prefix of their own: nothing
    met from another run sharing this Redis."""
    prefix = f"bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    return {
        "ATELIER_MESSAGE_QUEUE": redis_url,
        "ATELIER_MESSAGE_QUEUE_CHANNEL": prefix,
        "ATELIER_RATELIMIT_KEY_PREFIX": prefix,
    }


def redis_pid(redis_url: str) -> int | None:
    """The redis-server process, if it runs on this machine."""
    import redis

    pid = redis.Redis.from_url(redis_url).info("server").get("process_id")
    return pid if pid and Path(f"/proc/{pid}").exists() else None


def migrate(env: dict) -> None:
    """The schema at head, as an operator upgrades it before starting the workers
    (``env``: settings over this process's environment)."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "atelier", "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, **env, "ATELIER_ASYNC_MODE": "threading"},
        check=True,
        capture_output=True,
    )


@dataclasses.dataclass
class Worker:
    port: int
    pid: int


@contextlib.contextmanager
def atelier_workers(workdir: Path, count: int, database_url: str, redis_url: str, **settings):
    """``count`` `atelier serve` workers behind one proxy (``PROXY_HOPS=1``) on a
    migrated ``database_url`` and a Redis channel of their own, the bench's
    facilitator account made; yields ``(workers, env)``; stops them all."""
    env = atelier_env(workdir, "cluster")
    env.update(
        ATELIER_DATABASE_URL=database_url,
        ATELIER_AUTO_MIGRATE="false",
        ATELIER_PROXY_HOPS="1",
        **redis_settings(redis_url),
    )
    env.update(settings)
    migrate(env)
    create_account(env)
    with contextlib.ExitStack() as stack:

        def start(n: int) -> Worker:
            port = free_port()
            cmd = [sys.executable, "-m", "atelier", "serve", "--host", HOST, "--port", str(port)]
            log = workdir / f"worker-{n}-{port}.log"
            return Worker(port, stack.enter_context(running(cmd, env, port, log, 120)))

        with ThreadPoolExecutor(max(1, count)) as pool:
            workers = list(pool.map(start, range(count)))
        yield workers, env
