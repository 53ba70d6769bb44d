"""Fan-out latency of Atelier against the bare Flask-SocketIO + gevent stack, same run.

For each N: start a server, connect N WebSocket clients to one room, have
one of them post K ideas ~0.3 s apart, and time, per post, the ack and the
arrival of the matching ``change`` at every client (matched by ``v``).
Server CPU (from /proc, ns resolution) and RSS are read around the posts.

    python -m bench.broadcast --sizes 100,300,1000 --posts 20

Loopback only; every server started here is stopped on exit, error or Ctrl-C.
See docs/performance.md for results and caveats.
"""

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import platform
import signal
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from .servers import ACCOUNT, HOST, atelier_env, create_account, free_port, running
from .sio import SioClient, connect

CONNECT_CONCURRENCY = 50
DELIVERY_TIMEOUT = 30.0  # seconds to wait for the last change after the last post
RUN_TIMEOUT = 300.0  # one (stack, N) run, setup included
TEXT = "[bench {k:03d}] Un café offert le lundi matin, et un mot gentil pour l'équipe"


# -- server processes ----------------------------------------------------------
@contextlib.contextmanager
def server(stack: str, workdir: Path, gc_log: Path | None = None, bare_args: tuple = ()):
    """Start the stack's server on a free port; yield ``(port, pid)``; always stop it.

    With ``gc_log``, the same server runs under bench.gc_trace, which logs its
    full garbage collections there. ``bare_args`` go to bench.bare_server.
    """
    port = free_port()
    if stack == "atelier":
        module, args = "atelier", ["serve", "--host", HOST, "--port", str(port)]
        # Everyone joins from this one address, faster than a room would: past
        # the per-address join limit and the workshop's join flood guard.
        env = atelier_env(
            workdir,
            f"atelier-{port}",
            ATELIER_RATE_LIMIT_JOINS="100000/minute",
            ATELIER_FLOOD_GUARD_JOINS="100000/minute",
        )
        create_account(env)
    else:
        module, args = "bench.bare_server", ["--port", str(port), *bare_args]
        env = atelier_env(workdir)
    cmd = [sys.executable, "-m", module, *args]
    if gc_log is not None:
        cmd = [sys.executable, "-m", "bench.gc_trace", str(gc_log), stack, *args]
    with running(cmd, env, port, workdir / f"{stack}-{port}.log") as pid:
        yield port, pid


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of ``pid``, in ns (/proc/<pid>/task/*/schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            total += int((task / "schedstat").read_text().split()[0])
    return total


def busy_s() -> float:
    """CPU seconds the whole machine spent busy (all processes, /proc/stat)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# The facilitator's cookies (the login session) for the requests that need one.
_facilitator = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())


def post_json(url: str, body: dict, opener=None) -> dict:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
        return json.load(response)


# -- setting up a room ---------------------------------------------------------
async def connect_each(open_one, items: list) -> list:
    """``await open_one(item)`` for each item, a few at a time: every connection, or
    none (those made are closed) and an error naming the first failure."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(item):
        async with gate:
            return await open_one(item)

    results = await asyncio.gather(*(one(i) for i in items), return_exceptions=True)
    clients = [c for c in results if not isinstance(c, BaseException)]
    errors = [e for e in results if isinstance(e, BaseException)]
    if errors:
        for c in clients:
            c.close()
        raise RuntimeError(f"{len(errors)} of {len(items)} connections failed: {errors[0]!r}")
    return clients


async def connect_all(port: int, auths: list[dict]) -> list[SioClient]:
    return await connect_each(lambda auth: connect(port, auth), auths)


def _name(i: int) -> str:
    return f"Participant {i}"


async def setup_bare(port: int, n: int) -> tuple[list[SioClient], list[SioClient]]:
    return await connect_all(port, [{"name": _name(i)} for i in range(n)]), []


async def setup_atelier(port: int, n: int) -> tuple[list[SioClient], list[SioClient]]:
    """A workshop in client_ideas, its facilitator, and N joined phones."""
    base = f"http://{HOST}:{port}"
    await asyncio.to_thread(post_json, f"{base}/api/session", ACCOUNT, _facilitator)
    created = await asyncio.to_thread(
        post_json, f"{base}/api/workshops", {"title": "Banc d'essai"}, _facilitator
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = await connect(port, {"code": code, "view": "facilitator", "key": key})
    try:
        for phase in ("lobby", "client_ideas"):
            ack = await facilitator.ask("phase.set", {"phase": phase})
            if not ack.get("ok"):
                raise RuntimeError(f"phase.set {phase}: {ack}")

        # Everyone joins over HTTP before any phone connects, so the joins'
        # own broadcasts (one per join) do not go to N phones each.
        def join(i: int) -> str:
            body = {"name": _name(i), "client_id": f"bench-{i}"}
            return post_json(f"{base}/api/w/{code}/participants", body)["token"]

        with ThreadPoolExecutor(8) as pool:
            tokens = await asyncio.to_thread(lambda: list(pool.map(join, range(n))))
        auths = [{"code": code, "view": "phone", "token": t} for t in tokens]
        return await connect_all(port, auths), [facilitator]
    except BaseException:
        facilitator.close()
        raise


# -- measuring -----------------------------------------------------------------
def _post(k: int, i: int | str) -> dict:
    return {"kind": "client", "text": TEXT.format(k=k), "parent_id": None, "client_id": f"{i}"}


async def _received(clients: list[SioClient], count: int, timeout: float) -> None:
    """Wait until every client holds ``count`` changes (or the timeout passes)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if all(len(c.changes) >= count for c in clients):
            return
        await asyncio.sleep(0.02)


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


async def measure(
    pid: int, clients: list[SioClient], extras: list[SioClient], posts: int, gap: float
) -> dict:
    poster = clients[0]
    # Warm-up: first-use costs (imports, SQL compilation, caches) stay out of the figures.
    for i in range(2):
        ack = await poster.ask("idea.post", _post(900 + i, f"warm-{i}"))
        if not ack.get("ok"):
            raise RuntimeError(f"idea.post refused: {ack}")
    await _received(clients, 2, DELIVERY_TIMEOUT)
    await asyncio.sleep(0.2)
    for c in clients + extras:
        c.changes.clear()

    # The load client's own garbage collector stays out of the timed window:
    # a full collection over a thousand connections would stall every reader.
    gc.collect()
    gc.disable()
    try:
        return await _timed_posts(pid, clients, extras, posts, gap)
    finally:
        gc.enable()


async def _timed_posts(
    pid: int, clients: list[SioClient], extras: list[SioClient], posts: int, gap: float
) -> dict:
    poster = clients[0]
    rss_before = rss_kib(pid)
    cpu0, client_cpu0, busy0 = cpu_ns(pid), time.process_time(), busy_s()
    start, window_start = time.perf_counter(), time.time()
    sent: list[tuple[float, asyncio.Future]] = []
    for k in range(posts):
        await asyncio.sleep(max(0.0, start + k * gap - time.perf_counter()))
        sent.append(poster.call("idea.post", _post(k, f"post-{k}")))
    acks = await asyncio.wait_for(asyncio.gather(*(f for _, f in sent)), DELIVERY_TIMEOUT)
    await _received(clients, posts, DELIVERY_TIMEOUT)
    cpu1, client_cpu1, busy1 = cpu_ns(pid), time.process_time(), busy_s()
    wall = time.perf_counter() - start
    # What the rest of the machine (other processes) used meanwhile: noise.
    others = busy1 - busy0 - (cpu1 - cpu0) / 1e9 - (client_cpu1 - client_cpu0)

    post_of_v, ack_ms = {}, []
    for k, ((t_sent, _), (t_ack, ack)) in enumerate(zip(sent, acks, strict=True)):
        if not ack.get("ok"):
            raise RuntimeError(f"idea.post refused: {ack}")
        post_of_v[ack["v"]] = k
        ack_ms.append((t_ack - t_sent) * 1e3)
    per_post: list[list[float]] = [[] for _ in range(posts)]
    frame_bytes = []
    for c in clients:
        for t, raw in c.changes:
            k = post_of_v.get(json.loads(raw[2:])[1]["v"])
            if k is not None:
                per_post[k].append((t - sent[k][0]) * 1e3)
                frame_bytes.append(len(raw.encode()))
    delivery = [ms for lat in per_post for ms in lat]
    last = [max(lat) for lat in per_post if len(lat) == len(clients)]
    delivered = sum(len(c.changes) for c in clients + extras)
    return {
        "ack": ack_ms,
        "delivery": delivery,
        "last": last,
        "lost": posts * len(clients) - len(delivery),
        "server_us": (cpu1 - cpu0) / 1e3 / max(1, delivered),
        "client_us": (client_cpu1 - client_cpu0) * 1e6 / max(1, delivered),
        "rss_mib": max(rss_before, rss_kib(pid)) / 1024,
        "frame_bytes": sum(frame_bytes) / max(1, len(frame_bytes)),
        "others_pct": max(0.0, others) / (wall * len(os.sched_getaffinity(0))) * 100,
        "window": (window_start, time.time()),
    }


async def run_one(stack: str, port: int, pid: int, n: int, posts: int, gap: float) -> dict:
    rss_empty = rss_kib(pid)
    t0, setup_start = time.perf_counter(), time.time()
    setup = setup_atelier if stack == "atelier" else setup_bare
    clients, extras = await setup(port, n)
    try:
        setup_s = time.perf_counter() - t0
        rss_connected = rss_kib(pid)
        result = await measure(pid, clients, extras, posts, gap)
        result.update(
            stack=stack,
            n=n,
            setup_s=setup_s,
            setup=(setup_start, setup_start + setup_s),
            kib_per_client=(rss_connected - rss_empty) / n,
        )
        return result
    finally:
        for c in clients + extras:
            c.close()


# -- output ----------------------------------------------------------------------
COLUMNS = (
    "N | stack | ack p50 / p95 ms | delivery p50 / p95 / max ms | last recipient p50 / p95 / max ms"
    " | server CPU µs/msg | client CPU µs/msg | RSS MiB | KiB/client | frame B | lost | setup s"
    " | others' CPU %"
)


def row(r: dict) -> str:
    def trio(xs, qs=(50, 95, 100)):
        return " / ".join(f"{pct(xs, q):.1f}" for q in qs) if xs else "–"

    cells = (
        str(r["n"]),
        r["stack"],
        trio(r["ack"], (50, 95)),
        trio(r["delivery"]),
        trio(r["last"]),
        f"{r['server_us']:.1f}",
        f"{r['client_us']:.1f}",
        f"{r['rss_mib']:.0f}",
        f"{r['kib_per_client']:.0f}",
        f"{r['frame_bytes']:.0f}",
        str(r["lost"]),
        f"{r['setup_s']:.1f}",
        f"{r['others_pct']:.0f}",
    )
    return "| " + " | ".join(cells) + " |"


def full_gcs(log: Path, results: list[dict]) -> None:
    """Print when the servers' full garbage collections ran (``--trace-gc``)."""
    pauses = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
    print(
        "\n| N | stack | full GCs during setup: count / total s / max ms"
        " | during the timed posts: count / max ms |"
    )
    print("|---|---|---|---|")
    for r in results:
        cells = [str(r["n"]), r["stack"]]
        for phase in ("setup", "window"):
            lo, hi = r[phase]
            inside = [d * 1e3 for start, d in pauses if lo <= start <= hi]
            total = f" / {sum(inside) / 1e3:.1f}" if phase == "setup" else ""
            cells.append(f"{len(inside)}{total} / {max(inside, default=0):.0f}")
        print("| " + " | ".join(cells) + " |")


def machine() -> str:
    versions = ", ".join(
        f"{p} {version(p)}"
        for p in (
            "gevent",
            "gevent-websocket",
            "flask-socketio",
            "python-socketio",
            "python-engineio",
            "flask",
            "sqlalchemy",
        )
    )
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {platform.machine()}, "
        f"Linux {platform.release()}; Python {platform.python_version()}; {versions}"
    )


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated N")
    parser.add_argument("--posts", type=int, default=20, help="K posts per N")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between posts")
    parser.add_argument("--stacks", default="bare,atelier", help="bare, atelier or both")
    parser.add_argument(
        "--trace-gc", action="store_true", help="also log the servers' full garbage collections"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    stacks = [s for s in args.stacks.split(",") if s]
    if not sizes or args.posts < 1 or not set(stacks) <= {"bare", "atelier"}:
        parser.error("need sizes ≥ 1, posts ≥ 1 and stacks among bare,atelier")

    # SIGTERM stops the run like Ctrl-C does: the `finally` blocks stop the servers.
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"# bench.broadcast: sizes {sizes}, {args.posts} posts {args.gap} s apart")
    print(f"# {machine()}")
    print(f"\n| {COLUMNS} |")
    print("|" + "---|" * (COLUMNS.count("|") + 1))
    results = []
    with tempfile.TemporaryDirectory(prefix="atelier-bench-") as tmp:
        gc_log = Path(tmp) / "gc.log" if args.trace_gc else None
        for n in sizes:
            for stack in stacks:
                with server(stack, Path(tmp), gc_log) as (port, pid):
                    run = run_one(stack, port, pid, n, args.posts, args.gap)
                    results.append(asyncio.run(asyncio.wait_for(run, RUN_TIMEOUT)))
                print(row(results[-1]), flush=True)
        if gc_log is not None and gc_log.exists():
            full_gcs(gc_log, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
