"""A join storm: N phones join one workshop and each connects right after its own join.

Each phone posts its join over HTTP, then opens its Socket.IO connection (and
gets the snapshot), while the phones already in receive the others' joins:
what a room scanning the QR code at once costs. For each N, in the same run:

- ``bare``: the bare Flask-SocketIO + gevent stack doing the equivalent (a
  ``POST /join`` = one ``change`` to the room; a connection gets a small state);
- ``atelier, interval 0``: every join broadcast at once (before coalescing);
- ``atelier, interval I``: joins coalesced (``ATELIER_BROADCAST_INTERVAL``,
  the app's default unless ``--interval``).

Reported: the server's CPU from the first join until every phone (and the
facilitator page) has seen every participant, the ``change`` messages
delivered, and that time, in total and after the last phone connected.

    python -m bench.join_storm --sizes 300,1000

Loopback only; every server started here is stopped on exit, error or Ctrl-C.
"""

import argparse
import asyncio
import gc
import json
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from atelier.config import Defaults

from .broadcast import _interrupt, busy_s, cpu_ns, machine, post_json
from .servers import ACCOUNT, HOST, atelier_env, create_account, free_port, running
from .sio import SioClient

SEEN_TIMEOUT = 60.0  # seconds to wait, after the last connection, for everyone to catch up
RUN_TIMEOUT = 900.0
# The storm must not trip the per-address limit or the flood guard: every
# phone here comes from 127.0.0.1.
UNLIMITED = {
    "ATELIER_RATE_LIMIT_JOINS": "1000000/minute",
    "ATELIER_FLOOD_GUARD_JOINS": "1000000/minute",
}
_V = re.compile(r'"v":\s*(\d+)')


class Phone(SioClient):
    """A connection that only counts its ``change`` messages and notes when it
    first held version ``target`` (every participant, each join being one)."""

    def __init__(self, host: str, port: int, auth: dict, target: int):
        super().__init__(host, port, auth)
        self.target = target
        self.received = 0
        self.seen_at: float | None = None

    def _seen(self, v: int, now: float) -> None:
        if self.seen_at is None and v >= self.target:
            self.seen_at = now

    def _packet(self, text: str, now: float) -> None:
        if text.startswith('42["change"'):
            self.received += 1
            self._seen(int(_V.search(text, 10).group(1)), now)
            return
        if text.startswith('42["state"'):
            self._seen(json.loads(text[2:])[1]["v"], now)
        super()._packet(text, now)


async def connect_phone(port: int, auth: dict, target: int, timeout: float = 60) -> Phone:
    loop = asyncio.get_running_loop()
    _, phone = await asyncio.wait_for(
        loop.create_connection(lambda: Phone(HOST, port, auth, target), HOST, port), timeout
    )
    try:
        await asyncio.wait_for(phone.ready, timeout)
    except BaseException:
        phone.close()
        raise
    return phone


# -- one run ---------------------------------------------------------------------
async def setup(stack: str, port: int, n: int) -> tuple[Phone, int, str, Callable]:
    """The facilitator's page connected to a workshop in the lobby; returns it,
    the version before the storm, the join URL and how a phone authenticates."""
    base = f"http://{HOST}:{port}"
    if stack == "bare":
        facilitator = await connect_phone(port, {"name": "facilitator"}, n)
        return facilitator, 0, f"{base}/join", lambda i, joined: {"name": f"P{i}"}
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    await asyncio.to_thread(post_json, f"{base}/api/session", ACCOUNT, opener)
    created = await asyncio.to_thread(
        post_json, f"{base}/api/workshops", {"title": "Tempête"}, opener
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = await connect_phone(port, {"code": code, "view": "facilitator", "key": key}, 0)
    ack = await facilitator.ask("phase.set", {"phase": "lobby"})
    if not ack.get("ok"):
        raise RuntimeError(f"phase.set: {ack}")
    v0 = ack["v"]
    facilitator.target = v0 + n
    return (
        facilitator,
        v0,
        f"{base}/api/w/{code}/participants",
        lambda i, joined: {"code": code, "view": "phone", "token": joined["token"]},
    )


async def storm(stack: str, port: int, pid: int, n: int, parallel: int, rate: float) -> dict:
    facilitator, v0, join_url, auth_of = await setup(stack, port, n)
    target = v0 + n
    phones: list[Phone] = []
    pool = ThreadPoolExecutor(parallel)
    gate = asyncio.Semaphore(parallel)
    loop = asyncio.get_running_loop()

    async def one(i: int, t0: float) -> float:
        if rate:
            await asyncio.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
        async with gate:
            body = {"name": f"Participant {i}", "client_id": f"storm-{i}"}
            joined = await loop.run_in_executor(pool, post_json, join_url, body)
            phones.append(await connect_phone(port, auth_of(i, joined), target))
            return time.perf_counter()

    # The load client's own garbage collector stays out of the timed window.
    gc.collect()
    gc.disable()
    try:
        cpu0, client0, busy0 = cpu_ns(pid), time.process_time(), busy_s()
        t0 = time.perf_counter()
        connected = await asyncio.gather(*(one(i, t0) for i in range(n)))
        last_connected = max(connected)
        everyone = [facilitator, *phones]
        deadline = time.perf_counter() + SEEN_TIMEOUT
        while time.perf_counter() < deadline and any(p.seen_at is None for p in everyone):
            await asyncio.sleep(0.02)
        # Whatever the interval still holds back has arrived: count it all.
        await asyncio.sleep(0.5)
        cpu1, client1, busy1 = cpu_ns(pid), time.process_time(), busy_s()
        wall = time.perf_counter() - t0
    finally:
        gc.enable()
        pool.shutdown()
        for p in [facilitator, *phones]:
            p.close()
    seen = [p.seen_at for p in everyone if p.seen_at is not None]
    others = busy1 - busy0 - (cpu1 - cpu0) / 1e9 - (client1 - client0)
    return {
        "joined_s": last_connected - t0,
        "seen_s": max(seen) - t0 if seen else float("nan"),
        "after_last_s": max(seen) - last_connected if seen else float("nan"),
        "late": len(everyone) - len(seen),
        "server_cpu_s": (cpu1 - cpu0) / 1e9,
        "deliveries": sum(p.received for p in everyone),
        "client_cpu_s": client1 - client0,
        "others_pct": max(0.0, others) / (wall * len(os.sched_getaffinity(0))) * 100,
    }


def start(stack: str, workdir: Path, settings: dict):
    port = free_port()
    if stack == "bare":
        module, args = "bench.bare_server", ["--port", str(port)]
        env = atelier_env(workdir)
    else:
        module, args = "atelier", ["serve", "--host", HOST, "--port", str(port)]
        env = atelier_env(workdir, f"atelier-{port}", **UNLIMITED, **settings)
        create_account(env)
    cmd = [sys.executable, "-m", module, *args]
    return port, running(cmd, env, port, workdir / f"{stack}-{port}.log")


COLUMNS = (
    "N | server | joins + connects s | all have seen all s | after the last connect s"
    " | server CPU s | change messages delivered | per device | client CPU s | late"
    " | others' CPU %"
)


def row(n: int, label: str, r: dict) -> str:
    cells = (
        str(n),
        label,
        f"{r['joined_s']:.1f}",
        f"{r['seen_s']:.1f}",
        f"{r['after_last_s']:.2f}",
        f"{r['server_cpu_s']:.1f}",
        f"{r['deliveries']:,}",
        f"{r['deliveries'] / (n + 1):.1f}",
        f"{r['client_cpu_s']:.1f}",
        str(r["late"]),
        f"{r['others_pct']:.0f}",
    )
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="300,1000", help="comma-separated N (phones)")
    parser.add_argument(
        "--interval",
        type=float,
        default=Defaults.BROADCAST_INTERVAL,
        help="ATELIER_BROADCAST_INTERVAL of the coalescing run (s; default: the app's)",
    )
    parser.add_argument(
        "--parallel", type=int, default=8, help="phones joining and connecting at once"
    )
    parser.add_argument(
        "--rate", type=float, default=0, help="joins started per second (0: as fast as served)"
    )
    parser.add_argument(
        "--runs", default="bare,before,after", help="among bare, before (interval 0), after"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    runs = [r for r in args.runs.split(",") if r]
    if not sizes or min(sizes) < 1 or not set(runs) <= {"bare", "before", "after"}:
        parser.error("need sizes ≥ 1 and runs among bare,before,after")
    if args.interval <= 0:
        parser.error("--interval must be > 0 (the 'before' run is interval 0)")
    plans = {
        "bare": ("bare", "bare", {}),
        "before": ("atelier", "atelier, interval 0", {"ATELIER_BROADCAST_INTERVAL": "0"}),
        "after": (
            "atelier",
            f"atelier, interval {args.interval:g} s",
            {"ATELIER_BROADCAST_INTERVAL": str(args.interval)},
        ),
    }

    signal.signal(signal.SIGTERM, _interrupt)
    pace = f"{args.rate:g}/s" if args.rate else "as fast as served"
    print(f"# bench.join_storm: sizes {sizes}, {args.parallel} phones at once, joins {pace}")
    print(f"# {machine()}")
    print(f"\n| {COLUMNS} |")
    print("|" + "---|" * (COLUMNS.count("|") + 1))
    with tempfile.TemporaryDirectory(prefix="atelier-bench-") as tmp:
        for n in sizes:
            for run in runs:
                stack, label, settings = plans[run]
                port, server = start(stack, Path(tmp), settings)
                with server as pid:
                    work = storm(stack, port, pid, n, args.parallel, args.rate)
                    result = asyncio.run(asyncio.wait_for(work, RUN_TIMEOUT))
                print(row(n, label, result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
