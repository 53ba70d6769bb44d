"""Many short rooms: does one server process keep memory and CPU flat as workshops come and go?

One ``atelier serve`` worker (SQLite in a temporary directory, the default
settings: rate limits and flood guards on). ``--rooms`` workshops run one
after another (``--parallel`` at a time), each a whole meeting: created by
a signed-in facilitator, whose page connects; lobby; ``--phones`` people
join over HTTP and their phones connect; each posts a client idea, then a
colleague idea; each votes (two taps: ``[a]`` then ``[a, b]``); results,
the review, closed; every page disconnects. Workshops are kept, as real
ones are (their data feeds the team pages, the bilan and the library).

Every ``--every`` rooms the server's RSS, CPU since the previous sample,
open file descriptors, threads and database size are printed; at the end,
the RSS growth per room over the second half of the run (no leak: close to
zero once the caches are warm) against the first sample.

    python -m bench.short_rooms --rooms 500 --phones 10

Loopback only; the server is stopped on exit, error or Ctrl-C.
"""

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from .broadcast import _interrupt, busy_s, cpu_ns, machine, post_json, rss_kib
from .servers import ACCOUNT, HOST, atelier_env, create_account, free_port, running
from .vote_storm import Device, connect_device


def fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def db_kib(workdir: Path) -> int:
    return sum(p.stat().st_size for p in workdir.glob("*.sqlite3*")) // 1024


async def one_room(port: int, opener, n: int, k: int) -> None:
    """A whole meeting, from creation to closing; every page disconnects."""
    base = f"http://{HOST}:{port}"
    created = await asyncio.to_thread(
        post_json, f"{base}/api/workshops", {"title": f"Atelier court {k}"}, opener
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    pages: list[Device] = []
    try:
        facilitator = await connect_device(port, {"code": code, "view": "facilitator", "key": key})
        pages.append(facilitator)

        async def ask(page: Device, event: str, payload: dict) -> dict:
            ack = await page.ask(event, payload)
            if not ack.get("ok"):
                raise RuntimeError(f"room {k}: {event} {payload}: {ack}")
            return ack

        async def phase(name: str) -> None:
            await ask(facilitator, "phase.set", {"phase": name})

        await phase("lobby")

        def join(i: int) -> str:
            body = {"name": f"Personne {i}", "client_id": str(uuid.uuid4())}
            return post_json(f"{base}/api/w/{code}/participants", body)["token"]

        tokens = [await asyncio.to_thread(join, i) for i in range(n)]
        phones = await asyncio.gather(
            *(connect_device(port, {"code": code, "view": "phone", "token": t}) for t in tokens)
        )
        pages.extend(phones)

        def idea(kind: str, i: int) -> dict:
            text = f"Idée {kind} {i} de l'atelier {k}"
            return {"kind": kind, "text": text, "parent_id": None, "client_id": str(uuid.uuid4())}

        await phase("client_ideas")
        await asyncio.gather(
            *(ask(p, "idea.post", idea("client", i)) for i, p in enumerate(phones))
        )
        await phase("transposition")
        acks = await asyncio.gather(
            *(ask(p, "idea.post", idea("colleague", i)) for i, p in enumerate(phones))
        )
        ideas = [a["idea_id"] for a in acks]
        await phase("vote")

        async def vote(i: int, phone: Device) -> None:
            a, b = ideas[i % len(ideas)], ideas[(i + 1) % len(ideas)]
            for ballot in ([a], [a, b] if a != b else [a]):
                await ask(phone, "vote.set", {"idea_ids": ballot, "client_id": str(uuid.uuid4())})

        await asyncio.gather(*(vote(i, p) for i, p in enumerate(phones)))
        for name in ("results", "review", "closed"):
            await phase(name)
    finally:
        for page in pages:
            page.close()


def sample(pid: int, workdir: Path, rooms: int, last: dict | None, t0: float) -> dict:
    now = {
        "rooms": rooms,
        "rss": rss_kib(pid),
        "cpu": cpu_ns(pid),
        "busy": busy_s(),
        "wall": time.perf_counter(),
        "fds": fds(pid),
        "threads": threads(pid),
        "db": db_kib(workdir),
    }
    if last is None:
        print(
            f"| {rooms} | {now['rss'] / 1024:.1f} | – | – | {now['fds']} | {now['threads']}"
            f" | {now['db']} | – | {now['wall'] - t0:.0f} |",
            flush=True,
        )
        return now
    done = rooms - last["rooms"]
    cpu = (now["cpu"] - last["cpu"]) / 1e9
    wall = now["wall"] - last["wall"]
    others = max(0.0, now["busy"] - last["busy"] - cpu) / (wall * 2) * 100
    print(
        f"| {rooms} | {now['rss'] / 1024:.1f} | {(now['rss'] - last['rss']) / done:+.1f}"
        f" | {cpu / done * 1e3:.0f} | {now['fds']} | {now['threads']} | {now['db']}"
        f" | {others:.0f} | {now['wall'] - t0:.0f} |",
        flush=True,
    )
    return now


async def run(port: int, pid: int, workdir: Path, args) -> list[dict]:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    await asyncio.to_thread(post_json, f"http://{HOST}:{port}/api/session", ACCOUNT, opener)
    t0 = time.perf_counter()
    samples = [sample(pid, workdir, 0, None, t0)]
    done = 0
    next_room = 0
    gate = asyncio.Semaphore(args.parallel)

    async def room(k: int) -> None:
        nonlocal done
        async with gate:
            await one_room(port, opener, args.phones, k)
        done += 1

    while next_room < args.rooms:
        batch = range(next_room, min(args.rooms, next_room + args.every))
        await asyncio.gather(*(room(k) for k in batch))
        next_room = batch.stop
        await asyncio.sleep(0.5)  # disconnections settle
        samples.append(sample(pid, workdir, done, samples[-1], t0))
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=500)
    parser.add_argument("--phones", type=int, default=10, help="people per workshop")
    parser.add_argument("--parallel", type=int, default=4, help="workshops under way at once")
    parser.add_argument("--every", type=int, default=50, help="rooms between samples")
    args = parser.parse_args(argv)
    if min(args.rooms, args.phones, args.parallel, args.every) < 1:
        parser.error("every figure must be ≥ 1")
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        f"# bench.short_rooms: {args.rooms} workshops of {args.phones} people,"
        f" {args.parallel} at a time, sampled every {args.every}"
    )
    print(f"# {machine()}\n")
    print(
        "| rooms | RSS MiB | RSS KiB/room since last | server CPU ms/room | fds | threads"
        " | database KiB | others' CPU % | s |"
    )
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory(prefix="atelier-rooms-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = atelier_env(workdir, f"atelier-{port}")
        create_account(env)
        cmd = [sys.executable, "-m", "atelier", "serve", "--host", HOST, "--port", str(port)]
        with running(cmd, env, port, workdir / f"atelier-{port}.log") as pid:
            samples = asyncio.run(run(port, pid, workdir, args))
            log = (workdir / f"atelier-{port}.log").read_text()
    first, half, last = samples[1], samples[len(samples) // 2], samples[-1]
    if last["rooms"] > half["rooms"]:
        slope = (last["rss"] - half["rss"]) / (last["rooms"] - half["rooms"])
        print(
            f"\nRSS after {first['rooms']} rooms {first['rss'] / 1024:.1f} MiB, after"
            f" {half['rooms']} {half['rss'] / 1024:.1f} MiB, after {last['rooms']}"
            f" {last['rss'] / 1024:.1f} MiB: {slope:+.2f} KiB per room over the second half;"
            f" database {last['db'] / last['rooms']:.1f} KiB per room"
        )
    errors = [line for line in log.splitlines() if "ERROR" in line or "Traceback" in line]
    print(f"server log: {len(errors)} error lines" + (f", first: {errors[0]}" if errors else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
