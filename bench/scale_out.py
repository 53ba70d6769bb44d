"""Fan-out through nginx to 1 and 2 `atelier serve` workers (PostgreSQL + Redis),
beside the bare Flask-SocketIO stack (one process, direct) in the same run.

Scenarios: N phones in one workshop (``--sizes``), and R workshops of n phones
(``--rooms RxN``). Phones connect over WebSocket through nginx, each with the
random ``sticky`` key a page sends (static/js/live.js), from several loopback
addresses (a room's phones share one). One phone posts ideas (one workshop:
``--posts`` posts ``--gap`` s apart; R workshops: ``--room-posts`` posts
``--room-gap`` s apart, round-robin over the workshops, each by a different
phone); every ``change`` is timed at every phone of the workshop it belongs
to (matched by workshop and ``v``).

Server CPU (/proc schedstat, ns) is summed over every server-side process:
the workers, nginx (master and workers), redis-server (shared with anything
else using it) and the PostgreSQL backends of the run's database. An extra
worker outside nginx (``--no-probe`` to leave it out), with no phone, shows
what each worker pays to read every Redis message of every workshop.

    python -m bench.scale_out --workers 1,2 --sizes 1000,2000 --rooms 100x20 --posts 20

Needs nginx, PostgreSQL and Redis (``--postgres``, ``--redis``); each run has a
database and a Redis channel of its own; everything is stopped and dropped on
exit, error or Ctrl-C. See docs/performance.md.
"""

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import json
import os
import re
import signal
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .broadcast import _post, busy_s, connect_each, cpu_ns, machine, pct, post_json, rss_kib
from .cluster import atelier_workers, backend_pids, fresh_database, redis_pid, running_nginx
from .servers import ACCOUNT, HOST, atelier_env, free_port, running
from .sio import SioClient, connect

DELIVERY_TIMEOUT = 60.0  # seconds to wait for the last change after the last post
RUN_TIMEOUT = 900.0  # one run, setup included
PHONES_PER_ADDRESS = 20  # phones sharing a source address (a room behind one NAT)
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


@dataclasses.dataclass
class Scenario:
    rooms: int
    phones: int  # per room
    posts: int  # in all
    gap: float

    @property
    def label(self) -> str:
        return f"1 × {self.phones}" if self.rooms == 1 else f"{self.rooms} × {self.phones}"

    @property
    def n(self) -> int:
        return self.rooms * self.phones


@dataclasses.dataclass
class Room:
    phones: list[SioClient]
    extras: list[SioClient]  # the facilitator page


@dataclasses.dataclass
class Target:
    """Where the clients connect and which processes to measure."""

    port: int
    workers: list[int]  # pids of the processes that hold the phones
    nginx: Callable[[], list[int]] = list  # its processes now (a cache loader comes and goes)
    redis: int | None = None
    database: tuple[str, str] | None = None  # (server URL, database name)
    probe: tuple[int, int] | None = None  # (port, pid)
    ports: list[int] = dataclasses.field(default_factory=list)  # the workers'
    access_log: Path | None = None  # nginx's: which worker each connection went to


# -- setting up ------------------------------------------------------------------
def source(i: int) -> str:
    """The loopback address phone ``i`` connects from."""
    return f"127.0.0.{2 + (i // PHONES_PER_ADDRESS) % 250}"


async def connect_all(port: int, specs: list[tuple[dict, str, str]]) -> list[SioClient]:
    """Connect ``(auth, sticky key, source address)`` each; all or none."""
    return await connect_each(
        lambda spec: connect(port, spec[0], 60, sticky=spec[1], source=spec[2]), specs
    )


def _sticky() -> str:
    return os.urandom(5).hex()


async def setup_bare(target: Target, sc: Scenario) -> list[Room]:
    specs = [
        ({"name": f"Participant {i}", "room": r}, None, source(i))
        for r in range(sc.rooms)
        for i in range(r * sc.phones, (r + 1) * sc.phones)
    ]
    clients = await connect_all(target.port, specs)
    return [Room(clients[r * sc.phones : (r + 1) * sc.phones], []) for r in range(sc.rooms)]


async def setup_atelier(target: Target, sc: Scenario) -> list[Room]:
    """R workshops in client_ideas, each with its facilitator page, and n joined
    phones each; all through nginx."""
    port = target.port
    base = f"http://{HOST}:{port}"
    desk = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    await asyncio.to_thread(post_json, f"{base}/api/session", ACCOUNT, desk)
    rooms: list[Room] = []
    try:
        codes = []
        for r in range(sc.rooms):
            created = await asyncio.to_thread(
                post_json, f"{base}/api/workshops", {"title": f"Banc d'essai {r}"}, desk
            )
            code, key = created["workshop"]["code"], created["facilitator_key"]
            auth = {"code": code, "view": "facilitator", "key": key}
            facilitator = await connect(port, auth, 60, sticky=_sticky(), source=source(r))
            rooms.append(Room([], [facilitator]))
            for phase in ("lobby", "client_ideas"):
                ack = await facilitator.ask("phase.set", {"phase": phase})
                if not ack.get("ok"):
                    raise RuntimeError(f"phase.set {phase}: {ack}")
            codes.append(code)

        # Everyone joins over HTTP before any phone connects, so the joins'
        # own broadcasts (one per join) do not go to n phones each.
        def join(i: int) -> str:
            body = {"name": f"Participant {i}", "client_id": f"bench-{i}"}
            url = f"{base}/api/w/{codes[i // sc.phones]}/participants"
            return post_json(url, body)["token"]

        with ThreadPoolExecutor(8) as pool:
            tokens = await asyncio.to_thread(lambda: list(pool.map(join, range(sc.n))))
        specs = [
            ({"code": codes[i // sc.phones], "view": "phone", "token": t}, _sticky(), source(i))
            for i, t in enumerate(tokens)
        ]
        clients = await connect_all(port, specs)
        for r, room in enumerate(rooms):
            room.phones = clients[r * sc.phones : (r + 1) * sc.phones]
        return rooms
    except BaseException:
        for room in rooms:
            for c in room.phones + room.extras:
                c.close()
        raise


# -- measuring -------------------------------------------------------------------
def rss(pids: list[int]) -> int:
    """Resident memory of ``pids`` together, KiB (a process gone counts 0)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += rss_kib(pid)
    return total


async def split(target: Target, expected: int) -> list[int]:
    """Connections each worker took, from nginx's access log: a WebSocket's
    line is written when it closes (the clients have just left)."""
    if target.access_log is None:
        return [expected]
    pattern = re.compile(r'^GET /socket\.io/ 101 "[^"]*" "[\d.]+:(\d+)"$', re.M)
    deadline = time.monotonic() + 10
    while True:
        with contextlib.suppress(OSError):
            ports = pattern.findall(target.access_log.read_text())
            if len(ports) >= expected or time.monotonic() > deadline:
                target.access_log.write_text("")  # the next run's count from zero
                return [ports.count(str(p)) for p in target.ports]
        await asyncio.sleep(0.2)


def cpu_of(pids: list[int]) -> dict[int, int]:
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            found[pid] = cpu_ns(pid)
    return found


def _delta(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU seconds between two readings (a process born in between: all of it)."""
    return sum(ns - before.get(pid, 0) for pid, ns in after.items()) / 1e9


class Meter:
    """CPU of each group of server processes, the load client's and the machine's."""

    def __init__(self, target: Target):
        self.target = target
        self.groups = {
            "workers": lambda: target.workers,
            "nginx": target.nginx,
            "redis": lambda: [target.redis] if target.redis else [],
            "postgres": lambda: backend_pids(*target.database) if target.database else [],
            "probe": lambda: [target.probe[1]] if target.probe else [],
        }

    def read(self) -> dict:
        return {
            "groups": {name: cpu_of(pids()) for name, pids in self.groups.items()},
            "workers": [cpu_of([p]).get(p, 0) for p in self.target.workers],
            "client": time.process_time(),
            "busy": busy_s(),
            "wall": time.perf_counter(),
        }

    @staticmethod
    def spent(a: dict, b: dict) -> dict:
        groups = {name: _delta(a["groups"][name], b["groups"][name]) for name in a["groups"]}
        wall = b["wall"] - a["wall"]
        client = b["client"] - a["client"]
        others = b["busy"] - a["busy"] - sum(groups.values()) - client
        return {
            "groups": groups,
            "workers": [(y - x) / 1e9 for x, y in zip(a["workers"], b["workers"], strict=True)],
            "client": client,
            "wall": wall,
            "others_pct": max(0.0, others) / (wall * len(os.sched_getaffinity(0))) * 100,
        }


async def _received(rooms: list[Room], expected: list[int], timeout: float) -> None:
    """Wait until every phone holds its room's ``expected`` count of changes."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        pairs = zip(rooms, expected, strict=True)
        if all(len(c.changes) >= k for room, k in pairs for c in room.phones):
            return
        await asyncio.sleep(0.02)


def schedule(sc: Scenario) -> list[tuple[int, int]]:
    """Who posts: ``(room, phone)`` per post, round-robin over the rooms, each
    post of a room by its next phone (one room: always its first phone)."""
    if sc.rooms == 1:
        return [(0, 0)] * sc.posts
    return [(j % sc.rooms, (j // sc.rooms) % sc.phones) for j in range(sc.posts)]


async def measure(target: Target, rooms: list[Room], sc: Scenario) -> dict:
    # Warm-up: first-use costs (imports, SQL compilation) on every worker, out
    # of the figures: a few phones of the first room post (their keys spread
    # them over the workers).
    first = rooms[0].phones
    warm = min(8, len(first))
    for i in range(warm):
        ack = await first[i].ask("idea.post", _post(900 + i, f"warm-{i}"))
        if not ack.get("ok"):
            raise RuntimeError(f"idea.post refused: {ack}")
    await _received(rooms[:1], [warm], DELIVERY_TIMEOUT)
    await asyncio.sleep(0.3)
    for room in rooms:
        for c in room.phones + room.extras:
            c.changes.clear()
    # The load client's collector stays out of the timed window.
    gc.collect()
    gc.disable()
    try:
        return await _timed_posts(target, rooms, sc)
    finally:
        gc.enable()


async def _timed_posts(target: Target, rooms: list[Room], sc: Scenario) -> dict:
    meter = Meter(target)
    plan = schedule(sc)
    expected = [0] * len(rooms)
    for r, _ in plan:
        expected[r] += 1
    a = meter.read()
    start = time.perf_counter()
    sent: list[tuple[float, asyncio.Future]] = []
    for k, (r, i) in enumerate(plan):
        await asyncio.sleep(max(0.0, start + k * sc.gap - time.perf_counter()))
        sent.append(rooms[r].phones[i].call("idea.post", _post(k, f"post-{k}")))
    acks = await asyncio.wait_for(asyncio.gather(*(f for _, f in sent)), DELIVERY_TIMEOUT)
    await _received(rooms, expected, DELIVERY_TIMEOUT)
    spent = Meter.spent(a, meter.read())

    post_of, ack_ms = {}, []
    for k, ((t_sent, _), (t_ack, ack)) in enumerate(zip(sent, acks, strict=True)):
        if not ack.get("ok"):
            raise RuntimeError(f"idea.post refused: {ack}")
        post_of[(plan[k][0], ack["v"])] = k
        ack_ms.append((t_ack - t_sent) * 1e3)
    per_post: list[list[float]] = [[] for _ in plan]
    for r, room in enumerate(rooms):
        for c in room.phones:
            for t, raw in c.changes:
                k = post_of.get((r, json.loads(raw[2:])[1]["v"]))
                if k is not None:
                    per_post[k].append((t - sent[k][0]) * 1e3)
    delivery = [ms for lat in per_post for ms in lat]
    last = [max(lat) for k, lat in enumerate(per_post) if len(lat) == sc.phones]
    delivered = sum(len(c.changes) for room in rooms for c in room.phones + room.extras)
    groups = spent["groups"]
    return {
        "ack": ack_ms,
        "delivery": delivery,
        "last": last,
        "lost": len(plan) * sc.phones - len(delivery),
        "delivered": delivered,
        "cpu_us": {
            name: s * 1e6 / max(1, delivered) for name, s in groups.items() if name != "probe"
        },
        "probe_us_per_post": groups["probe"] * 1e6 / len(plan) if target.probe else None,
        # What reading the channel costs a worker, against a worker's CPU.
        "probe_share": groups["probe"] / (groups["workers"] / len(target.workers) or 1),
        "worker_pct": [s / spent["wall"] * 100 for s in spent["workers"]],
        "client_us": spent["client"] * 1e6 / max(1, delivered),
        "others_pct": spent["others_pct"],
    }


async def wake(port: int) -> None:
    """A worker reads the Redis channel only once it has had a connection (an
    Engine.IO one is enough): give the probe one, refused at once."""
    with contextlib.suppress(ConnectionError):
        (await connect(port, {})).close()


async def run_one(target: Target, stack: str, sc: Scenario) -> dict:
    workers_empty, nginx_empty = rss(target.workers), rss(target.nginx())
    t0 = time.perf_counter()
    rooms = await (setup_bare if stack.startswith("bare") else setup_atelier)(target, sc)
    try:
        setup_s = time.perf_counter() - t0
        if target.probe:
            await wake(target.probe[0])
        workers_kib, nginx_kib = rss(target.workers), rss(target.nginx())
        result = await measure(target, rooms, sc)
        result.update(
            stack=stack,
            scenario=sc.label,
            setup_s=setup_s,
            kib_per_phone=(workers_kib - workers_empty) / sc.n,
            nginx_kib_per_phone=(nginx_kib - nginx_empty) / sc.n,
            rss_mib=workers_kib / 1024,
        )
    finally:
        for room in rooms:
            for c in room.phones + room.extras:
                c.close()
    result["split"] = await split(target, sc.n + len(rooms[0].extras) * sc.rooms)
    return result


# -- the processes of one run ----------------------------------------------------
@contextlib.contextmanager
def bare_target(workdir: Path):
    port = free_port()
    cmd = [sys.executable, "-m", "bench.bare_server", "--port", str(port)]
    with running(cmd, atelier_env(workdir), port, workdir / f"bare-{port}.log") as pid:
        yield Target(port, [pid], ports=[port])


@contextlib.contextmanager
def nginx_target(folder: Path, workers: int, args):
    settings = {
        # Every phone's join comes from 127.0.0.1 (and its connection from a
        # handful of 127.0.0.x): far more than a room behind one NAT.
        "ATELIER_RATE_LIMIT_JOINS": "100000/minute",
        "ATELIER_RATE_LIMIT_CONTRIBUTIONS": "10000/minute",
        # The flood guard would stop a workshop of 2,000 joining at once.
        "ATELIER_FLOOD_GUARD_JOINS": "100000/minute",
        "ATELIER_FLOOD_GUARD_IDEAS": "100000/minute",
    }
    count = workers + (0 if args.no_probe else 1)
    with (
        fresh_database(args.postgres) as (url, name),
        atelier_workers(folder, count, url, args.redis, **settings) as (started, _),
        running_nginx(
            folder,
            [w.port for w in started[:workers]],
            worker_processes=args.nginx_workers,
            worker_connections=16384,
        ) as nginx,
    ):
        yield Target(
            nginx.port,
            [w.pid for w in started[:workers]],
            nginx.pids,
            redis_pid(args.redis),
            (args.postgres, name),
            None if args.no_probe else (started[-1].port, started[-1].pid),
            [w.port for w in started[:workers]],
            nginx.access_log,
        )


def server_errors(folder: Path, lines: int = 40) -> str:
    """The end of the first traceback or error in each log of ``folder``."""
    found = []
    for log in sorted(folder.glob("*.log")):
        text = log.read_text(errors="replace").splitlines()
        at = next((i for i, t in enumerate(text) if "Traceback" in t or "[error]" in t), None)
        if at is not None:
            found.append(f"## {log.name}\n" + "\n".join(text[at : at + lines]))
    return "\n".join(found)


# -- output ----------------------------------------------------------------------
COLUMNS = (
    "workshops × phones | stack | ack p50 / p95 ms | delivery p50 / p95 / max ms"
    " | last recipient p50 / p95 / max ms | server CPU µs per delivered change:"
    " all (workers + nginx + redis + postgres) | workers' CPU ms per post | workers' CPU %"
    " | connections per worker"
    " | probe µs per post (÷ a worker's CPU) | KiB/phone workers (+ nginx) | lost | setup s"
    " | client µs/msg | others' CPU %"
)


def row(r: dict) -> str:
    def trio(xs, qs=(50, 95, 100)):
        return " / ".join(f"{pct(xs, q):.1f}" for q in qs) if xs else "–"

    cpu = r["cpu_us"]
    parts = " + ".join(f"{cpu[k]:.1f}" for k in ("workers", "nginx", "redis", "postgres"))
    probe = r["probe_us_per_post"]
    cells = (
        r["scenario"],
        r["stack"],
        trio(r["ack"], (50, 95)),
        trio(r["delivery"]),
        trio(r["last"]),
        f"{sum(cpu.values()):.1f} ({parts})",
        f"{cpu['workers'] * r['delivered'] / len(r['ack']) / 1e3:.1f}",
        " / ".join(f"{p:.0f}" for p in r["worker_pct"]),
        " / ".join(str(s) for s in r["split"]),
        "–" if probe is None else f"{probe:.0f} ({r['probe_share'] * 100:.0f} %)",
        f"{r['kib_per_phone']:.0f} (+ {r['nginx_kib_per_phone']:.0f})",
        str(r["lost"]),
        f"{r['setup_s']:.1f}",
        f"{r['client_us']:.1f}",
        f"{r['others_pct']:.0f}",
    )
    return "| " + " | ".join(cells) + " |"


def verdict(results: list[dict]) -> str | None:
    """The issue's target: with two workers behind nginx, 2,000 phones in one
    workshop, nothing lost, delivery p95 ≤ 2 × the bare stack's at 1,000."""
    bare = [r for r in results if r["scenario"] == "1 × 1000" and r["stack"].startswith("bare")]
    two = [r for r in results if r["scenario"] == "1 × 2000" and r["stack"].startswith("atelier 2")]
    if not (bare and two and bare[0]["delivery"] and two[0]["delivery"]):
        return None
    limit, p95, lost = 2 * pct(bare[0]["delivery"], 95), pct(two[0]["delivery"], 95), two[0]["lost"]
    met = "met" if lost == 0 and p95 <= limit else "NOT met"
    return (
        f"target {met}: 2 workers via nginx, 1 × 2000: lost {lost}, delivery p95 {p95:.1f} ms"
        f" against 2 × bare p95 at 1 × 1000 = {limit:.1f} ms"
    )


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def _ints(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,2", help="worker counts behind nginx")
    parser.add_argument("--sizes", default="1000,2000", help="phones in one workshop")
    parser.add_argument("--rooms", default="100x20", help="workshops x phones, comma-separated")
    parser.add_argument("--posts", type=int, default=20, help="posts in one workshop")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between those")
    parser.add_argument(
        "--room-posts", type=int, default=0, help="posts over the workshops (0: 2 per workshop)"
    )
    parser.add_argument("--room-gap", type=float, default=0.05, help="seconds between those")
    parser.add_argument("--bare", default="", help="bare stack at these sizes (default: all)")
    parser.add_argument("--no-bare", action="store_true", help="no bare-stack rows")
    parser.add_argument("--no-probe", action="store_true", help="no idle listener worker")
    parser.add_argument("--nginx-workers", default="auto", help="nginx worker_processes")
    parser.add_argument("--postgres", default=POSTGRES, help="any database on the server")
    parser.add_argument("--redis", default=REDIS)
    args = parser.parse_args(argv)

    scenarios = [Scenario(1, n, args.posts, args.gap) for n in _ints(args.sizes)]
    for spec in filter(None, args.rooms.split(",")):
        rooms, phones = (int(x) for x in spec.lower().split("x"))
        posts = args.room_posts or 2 * rooms
        scenarios.append(Scenario(rooms, phones, posts, args.room_gap))
    workers = _ints(args.workers)
    bare_sizes = set(_ints(args.bare)) if args.bare else None
    if not scenarios or args.posts < 1 or any(w < 1 for w in workers):
        parser.error("need at least one scenario, posts ≥ 1 and workers ≥ 1")

    # SIGTERM stops the run like Ctrl-C does: the `finally` blocks stop everything.
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        f"# bench.scale_out: workers {workers}, scenarios "
        f"{[f'{s.label} ({s.posts} posts {s.gap} s apart)' for s in scenarios]}, "
        f"nginx worker_processes {args.nginx_workers}"
    )
    print(f"# {machine()}")
    print(f"\n| {COLUMNS} |")
    print("|" + "---|" * (COLUMNS.count("|") + 1), flush=True)
    started, results, failures = time.monotonic(), [], []
    with tempfile.TemporaryDirectory(prefix="atelier-scale-out-") as tmp:
        for sc in scenarios:
            bare = not args.no_bare and (not bare_sizes or sc.n in bare_sizes)
            for w in [0, *workers] if bare else workers:  # 0: the bare stack
                stack = f"atelier {w} worker{'s' * (w > 1)} via nginx" if w else "bare, direct"
                workdir = Path(tmp) / f"run-{len(list(Path(tmp).iterdir()))}"
                workdir.mkdir()
                try:
                    with (
                        bare_target(workdir) if w == 0 else nginx_target(workdir, w, args)
                    ) as target:
                        run = run_one(target, stack, sc)
                        results.append(asyncio.run(asyncio.wait_for(run, RUN_TIMEOUT)))
                except Exception as error:  # the next runs still run
                    print(f"| {sc.label} | {stack} | failed: {error!r} |", flush=True)
                    failures.append(server_errors(workdir))
                    continue
                print(row(results[-1]), flush=True)
        for text in filter(None, failures):
            print(f"\n# what the servers logged of a failed run:\n{text}")
    print(f"\n# {verdict(results) or 'target: needs the bare 1000 and 2-worker 2000 rows'}")
    print(f"# {time.monotonic() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
