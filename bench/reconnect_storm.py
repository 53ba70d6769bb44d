"""Reconnect storm: N phones drop at once and come back within a few seconds.

For each N and stack: start a server; Atelier gets a workshop at the vote
step with a few ideas and ballots, its facilitator and N joined phones
connected (``auth {code, view: "phone", token}``); the bare stack gets N
connections and a ``state`` of the same shape and about the same size
(everyone's name and the ideas). Then every phone's TCP connection is reset
at once (no Socket.IO goodbye, as when the room's Wi-Fi drops) and the
phones reconnect at moments spread uniformly over ``--spread`` seconds.

Measured: per phone, from opening its new connection to receiving its
``state`` (p50 / p95 / max); the storm's total, from the first reconnect
until the last phone has its state; the server's CPU from the drop to the
end (/proc schedstat) and its full garbage collections meanwhile; the state
frame's size; phones with no state after 120 s; and what the rest of
the machine used meanwhile (noise).

    python -m bench.reconnect_storm --sizes 1000 --spread 2

Loopback only; every server started here is stopped on exit, error or Ctrl-C.
"""

import argparse
import asyncio
import gc
import json
import os
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from .broadcast import (
    busy_s,
    cpu_ns,
    machine,
    pct,
    server,
    setup_atelier,
    setup_bare,
)
from .sio import SioClient, connect

RUN_TIMEOUT = 420.0  # one (stack, N) run, setup included
STATE_TIMEOUT = 120.0  # a reconnecting phone waits this long for its state at most
CLIENT_IDEAS, COLLEAGUE_IDEAS, BALLOTS = 6, 6, 20
TEXT = "[storm {k:02d}] Un café offert le lundi matin, et un mot gentil pour l'équipe"


# -- the room before the storm ---------------------------------------------------
async def _ok(client: SioClient, event: str, data: dict) -> dict:
    ack = await client.ask(event, data)
    if not ack.get("ok"):
        raise RuntimeError(f"{event} refused: {ack}")
    return ack


async def _settle(clients: list[SioClient]) -> None:
    """Let the broadcasts of the setting up reach everyone, then forget them."""
    await asyncio.sleep(0.5)
    for c in clients:
        c.changes.clear()


async def at_the_vote(phones: list[SioClient], facilitator: SioClient) -> int:
    """Ideas from the first phones, the vote opened, a few ballots; the version."""
    client_ids = []
    for k in range(CLIENT_IDEAS):
        body = {"kind": "client", "text": TEXT.format(k=k), "parent_id": None, "client_id": f"c{k}"}
        client_ids.append((await _ok(phones[k % len(phones)], "idea.post", body))["idea_id"])
    await _ok(facilitator, "phase.set", {"phase": "transposition"})
    colleague_ids = []
    for k in range(COLLEAGUE_IDEAS):
        body = {
            "kind": "colleague",
            "text": TEXT.format(k=50 + k),
            "parent_id": client_ids[k % len(client_ids)],
            "client_id": f"t{k}",
        }
        colleague_ids.append((await _ok(phones[k % len(phones)], "idea.post", body))["idea_id"])
    ack = await _ok(facilitator, "phase.set", {"phase": "vote"})
    for k, phone in enumerate(phones[:BALLOTS]):
        body = {"idea_ids": [colleague_ids[k % len(colleague_ids)]], "client_id": f"b{k}"}
        ack = await _ok(phone, "vote.set", body)
    await _settle([*phones, facilitator])
    return ack["v"]


def seen_long_ago(database: Path) -> None:
    """The phones connected a while ago (a workshop lasts an hour): each
    reconnection then marks its participant as seen again, as in a real room."""
    with sqlite3.connect(database) as db:
        db.execute("UPDATE participants SET seen_at = datetime('now', '-1 hour')")


# -- the storm -------------------------------------------------------------------
async def storm(
    port: int, pid: int, phones: list[SioClient], spread: float, version: int | None, profile: bool
) -> dict:
    auths = [c.auth for c in phones]
    gc.collect()
    gc.disable()  # the load client's own collections stay out of the window
    try:
        if profile:
            os.kill(pid, signal.SIGUSR1)
        cpu0, client_cpu0, busy0 = cpu_ns(pid), time.process_time(), busy_s()
        t_drop, window_start = time.perf_counter(), time.time()
        for c in phones:
            c.drop()
        start = time.perf_counter()
        n = len(auths)

        async def one(i: int) -> tuple[float, float, SioClient]:
            await asyncio.sleep(max(0.0, start + spread * i / n - time.perf_counter()))
            opened = time.perf_counter()
            client = await connect(port, auths[i], timeout=STATE_TIMEOUT)
            return opened, client.ready.result(), client

        results = await asyncio.gather(*(one(i) for i in range(n)), return_exceptions=True)
        cpu1, client_cpu1, busy1 = cpu_ns(pid), time.process_time(), busy_s()
        if profile:
            os.kill(pid, signal.SIGUSR2)
        wall = time.perf_counter() - t_drop
    finally:
        gc.enable()
    done = [r for r in results if isinstance(r, tuple)]
    clients = [c for _, _, c in done]
    try:
        failures = [r for r in results if not isinstance(r, tuple)]
        if failures:
            print(f"# {len(failures)} of {n} phones had no state: {failures[0]!r}", file=sys.stderr)
        if not done:
            raise RuntimeError(f"no phone got its state back: {failures[0]!r}")
        states = [json.loads(c.state[2:])[1] for c in clients]
        stale = sum(1 for s in states if version is not None and s["v"] != version)
        if stale:
            raise RuntimeError(f"{stale} phones got a state older than v{version}")
        if version is not None and any(s["me"] is None for s in states):
            raise RuntimeError("a phone got a state without its own 'me'")
        others = busy1 - busy0 - (cpu1 - cpu0) / 1e9 - (client_cpu1 - client_cpu0)
        return {
            "per_phone": [(t1 - t0) * 1e3 for t0, t1, _ in done],
            "total_s": max(t1 for _, t1, _ in done) - min(t0 for t0, _, _ in done),
            "missing": len(failures),
            "server_cpu_s": (cpu1 - cpu0) / 1e9,
            "state_bytes": sum(len(c.state.encode()) for c in clients) / len(clients),
            "others_pct": max(0.0, others) / (wall * len(os.sched_getaffinity(0))) * 100,
            "window": (window_start, time.time()),
        }
    finally:
        for c in clients:
            c.close()


async def run_one(
    stack: str, port: int, pid: int, n: int, spread: float, db: Path, profile: bool
) -> dict:
    if stack == "atelier":
        phones, extras = await setup_atelier(port, n)
    else:
        phones, extras = await setup_bare(port, n)
    try:
        version = None
        if stack == "atelier":
            version = await at_the_vote(phones, extras[0])
            seen_long_ago(db)
        result = await storm(port, pid, phones, spread, version, profile)
        result.update(stack=stack, n=n)
        return result
    finally:
        for c in phones + extras:
            c.close()


# -- output ----------------------------------------------------------------------
COLUMNS = (
    "N | stack | connect → state p50 / p95 / max ms | all phones back s | server CPU s"
    " | server CPU ms/phone | state frame B | full GCs: count / max ms | no state | others' CPU %"
)


def row(r: dict) -> str:
    trio = " / ".join(f"{pct(r['per_phone'], q):.0f}" for q in (50, 95, 100))
    cells = (
        str(r["n"]),
        r["stack"],
        trio,
        f"{r['total_s']:.2f}",
        f"{r['server_cpu_s']:.2f}",
        f"{r['server_cpu_s'] * 1e3 / r['n']:.2f}",
        f"{r['state_bytes']:.0f}",
        f"{len(r['gcs'])} / {max(r['gcs'], default=0):.0f}",
        str(r["missing"]),
        f"{r['others_pct']:.0f}",
    )
    return "| " + " | ".join(cells) + " |"


def gcs_in(log: Path, window: tuple[float, float]) -> list[float]:
    """Durations (ms) of the full collections that started within ``window``."""
    if not log.exists():
        return []
    pauses = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
    lo, hi = window
    return [d * 1e3 for start, d in pauses if lo <= start <= hi]


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated N")
    parser.add_argument("--spread", type=float, default=2.0, help="seconds the reconnections span")
    parser.add_argument("--stacks", default="bare,atelier", help="bare, atelier or both")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="write a cProfile of each server during the storm to DIR/<stack>-<N>.prof",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    stacks = [s for s in args.stacks.split(",") if s]
    if not sizes or min(sizes) < BALLOTS or not set(stacks) <= {"bare", "atelier"}:
        parser.error(f"need sizes ≥ {BALLOTS} and stacks among bare,atelier")

    signal.signal(signal.SIGTERM, _interrupt)
    print(f"# bench.reconnect_storm: sizes {sizes}, reconnections over {args.spread} s")
    print(f"# {machine()}")
    print(f"\n| {COLUMNS} |")
    print("|" + "---|" * (COLUMNS.count("|") + 1))
    with tempfile.TemporaryDirectory(prefix="atelier-bench-") as tmp:
        for n in sizes:
            for stack in stacks:
                gc_log = Path(tmp) / f"gc-{stack}-{n}.log"
                ideas = str(CLIENT_IDEAS + COLLEAGUE_IDEAS)
                bare_args = ("--participants", str(n), "--state-ideas", ideas)
                if args.profile:
                    prof = Path(args.profile).resolve() / f"{stack}-{n}.prof"
                    os.environ["BENCH_PROFILE"] = str(prof)
                with server(stack, Path(tmp), gc_log, bare_args) as (port, pid):
                    db = Path(tmp) / f"atelier-{port}.sqlite3"
                    run = run_one(stack, port, pid, n, args.spread, db, bool(args.profile))
                    result = asyncio.run(asyncio.wait_for(run, RUN_TIMEOUT))
                result["gcs"] = gcs_in(gc_log, result["window"])
                print(row(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
