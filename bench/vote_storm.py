"""The vote storm: N connected phones cast their ballots within a few seconds.

One server process (``atelier serve`` on SQLite, or on ``--database-url``),
one workshop at the vote with ``--ideas`` colleague ideas, N joined and
connected phones and the facilitator's page. Each phone chooses its
``--choices`` ideas as the phone page does (static/js/phone/vote.js): one
``vote.set`` per tap carrying the whole ballot so far (``[a]``, then
``[a, b]``), a random client id each, the next one sent only once the
previous one is acknowledged (the page's outbox keeps one in flight), taps
at random times within ``--window`` seconds. A page resends a ballot whose
ack did not come within 10 s (live.js ``ACK_TIMEOUT``, same client id): so
does this bench. ``--greedy`` phones first send one choice too many, which
must be refused.

Reported: ballots acknowledged, lost (no ack, or refused), phones with more
choices stored than allowed (read in the database), the tallies on the
facilitator's page against those expected from the acks and against a
``sync``, ack latency, the time from the last ballot's send until the
facilitator's page holds the final tallies, the server's CPU per ballot,
and the others' CPU % (noise). The bare stack (bench/bare_server.py) does
the same in the same run.

    python -m bench.vote_storm --phones 1000 --choices 2 --window 10

Loopback only; every server started here is stopped on exit, error or Ctrl-C.
"""

import argparse
import asyncio
import contextlib
import gc
import json
import random
import re
import signal
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .broadcast import (
    _interrupt,
    busy_s,
    connect_each,
    cpu_ns,
    machine,
    pct,
    post_json,
    rss_kib,
)
from .servers import ACCOUNT, HOST, atelier_env, create_account, free_port, running
from .sio import SioClient

ACK_TIMEOUT = 10.0  # static/js/live.js: a ballot without an answer is sent again
RETRY_DELAY = 2.0  # …after this pause
GIVE_UP = 120.0  # seconds after the window: what is not acknowledged by then is lost
NOT_ANSWERED = ("no ack", "disconnected")  # the other reasons a ballot is lost are refusals
SETTLE = 60.0  # seconds to wait for the facilitator's final tallies and the phones' changes
# A change frame's head: its version and, when it covers several, the first (docs/realtime-api.md).
SPAN = re.compile(r'42\["change",\{"v":(\d+)(?:,"from":(\d+))?')


# -- the load client -------------------------------------------------------------
class Device(SioClient):
    """A connection that keeps the ``state`` and ``me`` it received.

    A phone only counts the ``change`` frames (a vote storm sends millions)
    and the versions they cover (``from``..``v`` when ballots are sent
    together, read from the frame's head); the facilitator's page keeps them
    with their arrival times.
    """

    def __init__(self, host: str, port: int, auth: dict, keep_changes: bool = False):
        super().__init__(host, port, auth)
        self.keep_changes = keep_changes
        self.n_changes = 0  # versions covered
        self.n_frames = 0
        self.me_frames: list[str] = []

    def _packet(self, text: str, now: float) -> None:
        if text.startswith('42["change"'):
            span = SPAN.match(text)
            self.n_frames += 1
            self.n_changes += (
                1 if span is None or span[2] is None else int(span[1]) - int(span[2]) + 1
            )
            if self.keep_changes:
                self.changes.append((now, text))
        elif text.startswith('42["me"'):
            self.me_frames.append(text)
        else:
            super()._packet(text, now)


async def connect_device(port: int, auth: dict, keep_changes: bool = False) -> Device:
    loop = asyncio.get_running_loop()
    _, client = await asyncio.wait_for(
        loop.create_connection(
            lambda: Device("127.0.0.1", port, auth, keep_changes), "127.0.0.1", port
        ),
        30,
    )
    try:
        await asyncio.wait_for(client.ready, 30)
    except BaseException:
        client.close()
        raise
    return client


async def connect_phones(port: int, auths: list[dict]) -> list[Device]:
    return await connect_each(lambda auth: connect_device(port, auth), auths)


# -- the servers -----------------------------------------------------------------
def storm_settings() -> dict:
    """Limits a real room of 1,000 never meets, lifted so that setting up one works."""
    return {
        "ATELIER_RATE_LIMIT_JOINS": "1000000/minute",
        "ATELIER_FLOOD_GUARD_JOINS": "1000000/minute",
        "ATELIER_FLOOD_GUARD_IDEAS": "1000000/minute",
    }


@contextlib.contextmanager
def scratch_database(url: str):
    """A new empty database on the PostgreSQL server of ``url``, dropped afterwards."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    name = f"atelier_storm_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as c:
        c.execute(f'create database "{name}"')
    base, _, _ = url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as c:
            c.execute(f'drop database if exists "{name}" with (force)')


@contextlib.contextmanager
def server(stack: str, workdir: Path, args):
    port = free_port()
    if stack == "atelier":
        env = atelier_env(workdir, f"atelier-{port}", **storm_settings())
        if args.database_url:
            env["ATELIER_DATABASE_URL"] = args.database_url
        create_account(env)
        cmd = [sys.executable, "-m", "atelier", "serve", "--host", HOST, "--port", str(port)]
    else:
        env = atelier_env(workdir)
        cmd = [
            sys.executable, "-m", "bench.bare_server", "--port", str(port),
            "--ideas", str(args.ideas), "--votes-per-person", str(args.choices),
        ]  # fmt: skip
    with running(cmd, env, port, workdir / f"{stack}-{port}.log") as pid:
        yield port, pid


def database_url(workdir: Path, port: int, args) -> str:
    return args.database_url or f"sqlite:///{workdir / f'atelier-{port}.sqlite3'}"


# -- setting up ------------------------------------------------------------------
async def setup_atelier(port: int, args) -> dict:
    """A workshop at the vote with its ideas, its facilitator's page, N connected phones."""
    base = f"http://{HOST}:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    await asyncio.to_thread(post_json, f"{base}/api/session", ACCOUNT, opener)
    created = await asyncio.to_thread(
        post_json,
        f"{base}/api/workshops",
        {"title": "Tempête de votes", "votes_per_person": args.choices},
        opener,
    )
    code, key = created["workshop"]["code"], created["facilitator_key"]
    facilitator = await connect_device(
        port, {"code": code, "view": "facilitator", "key": key}, keep_changes=True
    )

    async def ask(event: str, payload: dict) -> dict:
        ack = await facilitator.ask(event, payload)
        if not ack.get("ok"):
            raise RuntimeError(f"{event} {payload}: {ack}")
        return ack

    try:
        await ask("phase.set", {"phase": "lobby"})

        def join(i: int) -> str:
            body = {"name": f"Participant {i}", "client_id": str(uuid.uuid4())}
            return post_json(f"{base}/api/w/{code}/participants", body)["token"]

        with ThreadPoolExecutor(8) as pool:
            tokens = await asyncio.to_thread(lambda: list(pool.map(join, range(args.phones))))
        for phase in ("client_ideas", "transposition"):
            await ask("phase.set", {"phase": phase})
        ideas = []
        for k in range(args.ideas):
            text = f"Idée de collègue {k + 1} : un café offert le lundi matin"
            payload = {"kind": "colleague", "text": text, "parent_id": None}
            ack = await ask("idea.post", {**payload, "client_id": str(uuid.uuid4())})
            ideas.append(ack["idea_id"])
        await ask("phase.set", {"phase": "vote"})
        auths = [{"code": code, "view": "phone", "token": t} for t in tokens]
        phones = await connect_phones(port, auths)
        return {"facilitator": facilitator, "phones": phones, "ideas": ideas, "code": code}
    except BaseException:
        facilitator.close()
        raise


async def setup_bare(port: int, args) -> dict:
    facilitator = await connect_device(port, {"view": "facilitator"}, keep_changes=True)
    try:
        auths = [{"name": f"Participant {i}"} for i in range(args.phones)]
        phones = await connect_phones(port, auths)
    except BaseException:
        facilitator.close()
        raise
    return {"facilitator": facilitator, "phones": phones, "ideas": list(range(1, args.ideas + 1))}


# -- the storm -------------------------------------------------------------------
class Ballots:
    """What every ballot did, for the report."""

    def __init__(self):
        self.sent = 0  # ballots (not counting resends)
        self.resends = 0
        self.acked: list[float] = []  # ms, first send → first ack
        self.lost: list[str] = []  # why
        self.greedy_refused: Counter = Counter()  # error codes of the over-limit ballots
        self.stored: dict[int, list[int]] = {}  # phone → its last acknowledged ballot
        self.last_send = 0.0
        self.last_ack = 0.0


async def cast(phone: Device, payload: dict, ballots: Ballots, count: bool = True) -> dict | None:
    """Send one ballot as the page does: resend on no answer, same client id.

    ``count``: one of the ballots reported (not a greedy phone's probe)."""
    first = time.perf_counter()
    ballots.sent += count
    if count:  # the last ballot's first send (resends are the page's, not a new ballot)
        ballots.last_send = max(ballots.last_send, first)
    futures = []
    deadline = first + GIVE_UP
    while True:
        if phone.transport.is_closing():
            if count:
                ballots.lost.append("disconnected")
            return None
        _, future = phone.call("vote.set", payload)
        # An answer that comes after another one, or never: nobody waits for it.
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        futures.append(future)
        done, _ = await asyncio.wait(
            futures,
            timeout=min(ACK_TIMEOUT, max(0.0, deadline - time.perf_counter())),
            return_when=asyncio.FIRST_COMPLETED,
        )
        for f in done:
            if f.exception() is None:
                t, ack = f.result()
                if count:
                    ballots.acked.append((t - first) * 1e3)
                    ballots.last_ack = max(ballots.last_ack, t)
                return ack
        if time.perf_counter() >= deadline or phone.transport.is_closing():
            if count:
                ballots.lost.append("no ack")
            return None
        await asyncio.sleep(RETRY_DELAY)
        ballots.resends += 1


async def one_phone(
    i: int, phone: Device, choices: list[int], times: list[float], greedy: list[int] | None,
    start: float, ballots: Ballots,
) -> None:  # fmt: skip
    if greedy is not None:
        await asyncio.sleep(max(0.0, start + times[0] - time.perf_counter()))
        payload = {"idea_ids": greedy, "client_id": str(uuid.uuid4())}
        ack = await cast(phone, payload, ballots, count=False)
        if ack is None:
            ballots.greedy_refused["no ack"] += 1
        else:
            ballots.greedy_refused[ack["error"]["code"] if not ack.get("ok") else "ACCEPTED"] += 1
    for k, at in enumerate(times):
        await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
        ack = await cast(
            phone, {"idea_ids": choices[: k + 1], "client_id": str(uuid.uuid4())}, ballots
        )
        if ack is not None and not ack.get("ok"):
            ballots.lost.append(ack["error"]["code"])
        elif ack is not None:
            ballots.stored[i] = ack["votes"]


def final_tallies_at(facilitator: Device, v0: int, tallies0: dict, expected: dict) -> tuple:
    """Apply the facilitator's changes in order, as live.js does; return the arrival
    time of the change after which the tallies equal ``expected`` (or None), and
    the tallies held at the end."""
    tallies, v, pending, reached = dict(tallies0), v0, {}, None
    for t, raw in facilitator.changes:
        change = json.loads(raw[2:])[1]
        # Several versions sent together cover from..v.
        pending[change.get("from", change["v"])] = change
        while v + 1 in pending:
            change = pending.pop(v + 1)
            v = change["v"]
            for op in change["ops"]:
                if op["type"] == "votes" and op["data"]["tallies"] is not None:
                    tallies.update(op["data"]["tallies"])
            held = {k: n for k, n in tallies.items() if n}
            if reached is None and held == expected:
                reached = t
    return reached, {k: n for k, n in tallies.items() if n}, v


def over_limit(url: str, limit: int) -> int:
    """Participants with more choices stored than allowed, read in the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(
                text(
                    "select count(*) from (select participant_id from votes"
                    " group by participant_id having count(*) > :n) as x"
                ),
                {"n": limit},
            ).scalar_one()
    finally:
        engine.dispose()


async def storm(stack: str, port: int, pid: int, args, db_url: str | None) -> dict:
    t0 = time.perf_counter()
    room = await (setup_atelier if stack == "atelier" else setup_bare)(port, args)
    setup_s = time.perf_counter() - t0
    facilitator, phones, ideas = room["facilitator"], room["phones"], room["ideas"]
    try:
        # The facilitator page's starting point: its state right now.
        state = (await facilitator.ask("sync", {}))["state"]
        v0, tallies0 = state["v"], state["votes"]["tallies"] or {}
        facilitator.changes.clear()
        rng = random.Random(args.seed)
        plans = []
        for i in range(len(phones)):
            choices = rng.sample(ideas, args.choices)
            times = sorted(rng.uniform(0, args.window) for _ in range(args.choices))
            greedy = rng.sample(ideas, args.choices + 1) if i < args.greedy else None
            plans.append((choices, times, greedy))
        ballots = Ballots()
        gc.collect()
        gc.disable()
        rss0 = rss_kib(pid)
        cpu0, client0, busy0 = cpu_ns(pid), time.process_time(), busy_s()
        start = time.perf_counter() + 0.2
        await asyncio.gather(
            *(one_phone(i, p, *plans[i], start, ballots) for i, p in enumerate(phones))
        )
        # Every ballot is answered: the facilitator's page should now get the rest.
        expected = Counter()
        for votes in ballots.stored.values():
            expected.update(str(i) for i in votes)
        expected = {k: n for k, n in expected.items() if n}
        deadline = time.perf_counter() + SETTLE
        reached = None
        while time.perf_counter() < deadline:
            reached, held, v_held = final_tallies_at(facilitator, v0, tallies0, expected)
            if reached is not None:
                break
            await asyncio.sleep(0.1)
        final_at = reached or time.perf_counter()
        cpu1, client1, busy1 = cpu_ns(pid), time.process_time(), busy_s()
        wall = time.perf_counter() - start
        rss1 = rss_kib(pid)
        gc.enable()
        # The phones' copies: every version should reach every phone.
        v_end = v_held
        while time.perf_counter() < deadline and any(p.n_changes < v_end - v0 for p in phones):
            await asyncio.sleep(0.1)
        behind = sum(1 for p in phones if p.n_changes < v_end - v0)
        try:
            state = (await facilitator.ask("sync", {}, timeout=SETTLE))["state"]
            synced = {k: n for k, n in (state["votes"]["tallies"] or {}).items() if n}
        except (TimeoutError, ConnectionError):
            synced = None
        others = busy1 - busy0 - (cpu1 - cpu0) / 1e9 - (client1 - client0)
        accepted = len(ballots.acked)
        return {
            "stack": stack,
            "phones": len(phones),
            "setup_s": setup_s,
            "ballots": ballots.sent,
            "acked": accepted - len([c for c in ballots.lost if c not in NOT_ANSWERED]),
            "lost": len(ballots.lost),
            "lost_why": Counter(ballots.lost),
            "resends": ballots.resends,
            "greedy": dict(ballots.greedy_refused),
            "over_limit": over_limit(db_url, args.choices) if db_url else None,
            "expected_total": sum(expected.values()),
            "held_total": sum(held.values()),
            "synced": "no sync" if synced is None else "=" if synced == expected else "≠",
            "held_ok": held == expected,
            "ack": ballots.acked,
            "final_tally_ms": (final_at - ballots.last_send) * 1e3 if reached else None,
            "last_ack_ms": (ballots.last_ack - ballots.last_send) * 1e3,
            "server_cpu_s": (cpu1 - cpu0) / 1e9,
            "server_us_per_ballot": (cpu1 - cpu0) / 1e3 / max(1, ballots.sent),
            "client_cpu_s": client1 - client0,
            "storm_s": wall,
            "rss_mib": rss1 / 1024,
            "rss_growth_mib": (rss1 - rss0) / 1024,
            "phones_behind": behind,
            "frames_per_phone": sum(p.n_frames for p in phones) / max(1, len(phones)),
            "disconnected": sum(1 for p in phones if p.transport.is_closing()),
            "others_pct": max(0.0, others) / (wall * 2) * 100,
        }
    finally:
        gc.enable()
        for c in [facilitator, *phones]:
            c.close()


# -- output ----------------------------------------------------------------------
COLUMNS = (
    "stack | phones | ballots | acked | lost | resends | over limit | greedy refused"
    " | tallies held / expected (sync) | ack p50 / p95 / max ms | last send → final tally ms"
    " | server CPU s (µs/ballot) | client CPU s | storm s | RSS MiB | change frames / phone"
    " | phones behind / disconnected"
    " | setup s | others' CPU %"
)


def row(r: dict) -> str:
    ack = r["ack"]
    cells = (
        r["stack"],
        str(r["phones"]),
        str(r["ballots"]),
        str(r["acked"]),
        str(r["lost"]) + (f" ({dict(r['lost_why'])})" if r["lost"] else ""),
        str(r["resends"]),
        "–" if r["over_limit"] is None else str(r["over_limit"]),
        ", ".join(f"{k} {n}" for k, n in sorted(r["greedy"].items())) or "–",
        f"{r['held_total']} / {r['expected_total']} ({r['synced']}"
        f"{'' if r['held_ok'] else ', page ≠'})",
        " / ".join(f"{pct(ack, q):.0f}" for q in (50, 95, 100)) if ack else "–",
        "never" if r["final_tally_ms"] is None else f"{r['final_tally_ms']:.0f}",
        f"{r['server_cpu_s']:.1f} ({r['server_us_per_ballot']:.0f})",
        f"{r['client_cpu_s']:.1f}",
        f"{r['storm_s']:.1f}",
        f"{r['rss_mib']:.0f}",
        f"{r['frames_per_phone']:.0f}",
        f"{r['phones_behind']} / {r['disconnected']}",
        f"{r['setup_s']:.1f}",
        f"{r['others_pct']:.0f}",
    )
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--choices", type=int, default=2, help="votes per person")
    parser.add_argument("--ideas", type=int, default=6, help="colleague ideas on the vote")
    parser.add_argument("--window", type=float, default=10.0, help="seconds the taps spread over")
    parser.add_argument("--greedy", type=int, default=5, help="phones that first send too many")
    parser.add_argument("--stacks", default="bare,atelier")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--postgres",
        default="",
        metavar="URL",
        help="Atelier on PostgreSQL: a scratch database made (and dropped) on the server of this"
        " URL (postgresql+psycopg://user@host:port/any_database), not SQLite",
    )
    args = parser.parse_args(argv)
    stacks = [s for s in args.stacks.split(",") if s]
    if args.phones < 1 or args.ideas < args.choices + 1 or not set(stacks) <= {"bare", "atelier"}:
        parser.error("need phones ≥ 1, ideas > choices, stacks among bare,atelier")
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        f"# bench.vote_storm: {args.phones} phones, {args.choices} choices among {args.ideas}"
        f" ideas within {args.window} s, {args.greedy} greedy phones"
        f"{', PostgreSQL ' + args.postgres.split('@')[-1] if args.postgres else ', SQLite'}"
    )
    print(f"# {machine()}")
    print(f"\n| {COLUMNS} |")
    print("|" + "---|" * (COLUMNS.count("|") + 1), flush=True)
    with contextlib.ExitStack() as stack_of:
        tmp = stack_of.enter_context(tempfile.TemporaryDirectory(prefix="atelier-storm-"))
        args.database_url = (
            stack_of.enter_context(scratch_database(args.postgres)) if args.postgres else ""
        )
        for stack in stacks:
            with server(stack, Path(tmp), args) as (port, pid):
                url = database_url(Path(tmp), port, args) if stack == "atelier" else None
                result = asyncio.run(storm(stack, port, pid, args, url))
            print(row(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
