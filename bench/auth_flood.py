"""Sign-in and sign-up floods from one address, against a real `atelier serve`.

Two figures from issue 9, each measured on a fresh server process:

1. **Live pages during a flood.** A phone is connected to a workshop. For
   ``--seconds`` (15), ``--clients`` (8) threads from one address send, as
   fast as answers come, sign-ins with a wrong password and sign-ups with an
   address that has an account and with new ones. Meanwhile a monitor times
   ``GET /healthz`` and the phone's ``sync`` every 50 ms. The same monitor
   runs first for a few seconds with no flood (the reference, same server,
   same run). Run twice: with the default limits, and with the limits lifted
   so that every attempt hashes (what off-loop hashing alone achieves).
2. **Parallel wrong passwords.** ``--parallel`` (200) sign-ins with a wrong
   password for one account from one address, released at once: how many
   were checked (401) and how many refused before checking (429), with the
   limits counted in memory and, if Redis answers at ``--redis``, in Redis.

    python -m bench.auth_flood [--seconds 15] [--clients 8] [--parallel 200]

Bounded: about a minute in all. Figures go to docs/performance.md.
"""

import argparse
import contextlib
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
import requests
import socketio

from .broadcast import machine
from .servers import ACCOUNT, atelier_server

LIFTED = {
    "ATELIER_RATE_LIMIT_LOGIN": "1000000/minute",
    "ATELIER_RATE_LIMIT_LOGIN_ADDRESS": "1000000/minute",
    "ATELIER_RATE_LIMIT_SIGNUP": "1000000/minute",
}


@contextlib.contextmanager
def server(workdir: Path, extra: dict):
    """A fresh `atelier serve` (gevent) with one facilitator account."""
    with atelier_server(workdir, account=True, **extra) as (url, _pid):
        yield url


def phone_in_a_workshop(base: str) -> socketio.Client:
    facilitator = requests.Session()
    facilitator.post(f"{base}/api/session", json=ACCOUNT, timeout=10).raise_for_status()
    created = facilitator.post(f"{base}/api/workshops", json={"title": "Flood"}, timeout=10)
    code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
    room = socketio.Client(reconnection=False)
    room.connect(base, auth={"code": code, "view": "facilitator", "key": key},
                 transports=["websocket"])  # fmt: skip
    assert room.call("phase.set", {"phase": "lobby"}, timeout=10)["ok"]
    room.disconnect()
    joined = requests.post(
        f"{base}/api/w/{code}/participants",
        json={"name": "Zoé", "client_id": uuid.uuid4().hex},
        timeout=10,
    ).json()
    phone = socketio.Client(reconnection=False)
    phone.connect(base, auth={"code": code, "view": "phone", "token": joined["token"]},
                  transports=["websocket"])  # fmt: skip
    return phone


def monitor(base: str, phone: socketio.Client, seconds: float) -> dict:
    health, sync = [], []
    deadline = time.monotonic() + seconds
    with requests.Session() as http:
        while time.monotonic() < deadline:
            before = time.monotonic()
            http.get(base + "/healthz", timeout=60)
            health.append(time.monotonic() - before)
            before = time.monotonic()
            assert phone.call("sync", {}, timeout=60)["ok"]
            sync.append(time.monotonic() - before)
            time.sleep(0.05)
    return {"health": health, "sync": sync}


def flood(base: str, clients: int, seconds: float) -> tuple[dict, Counter]:
    answers: Counter = Counter()
    running = threading.Event()
    running.set()

    def attacker(n: int) -> None:
        with requests.Session() as http:
            i = 0
            while running.is_set():
                i += 1
                if i % 3 == 0:
                    kind, response = (
                        "sign-in",
                        http.post(
                            f"{base}/api/session",
                            json={"email": ACCOUNT["email"], "password": "not the password"},
                            timeout=120,
                        ),
                    )
                else:
                    email = ACCOUNT["email"] if i % 3 == 1 else f"new{n}-{i}@example.org"
                    form = {"email": email, "name": "Flood", "password": "x" * 12}
                    page = http.get(f"{base}/signup", timeout=120).text
                    form["csrf_token"] = page.split('name="csrf_token" value="')[1].split('"')[0]
                    kind = "sign-up"
                    response = http.post(
                        f"{base}/signup", data=form, timeout=120, allow_redirects=False
                    )
                answers[(kind, response.status_code)] += 1

    phone = phone_in_a_workshop(base)
    try:
        at_rest = monitor(base, phone, 3)
        with ThreadPoolExecutor(clients) as pool:
            for n in range(clients):
                pool.submit(attacker, n)
            time.sleep(0.5)
            flooded = monitor(base, phone, seconds)
            running.clear()
    finally:
        phone.disconnect()
    return {"rest": at_rest, "flood": flooded}, answers


def parallel_wrong_passwords(base: str, count: int) -> Counter:
    barrier = threading.Barrier(count)

    def attempt(_):
        barrier.wait()
        return requests.post(
            f"{base}/api/session",
            json={"email": ACCOUNT["email"], "password": "not the password"},
            timeout=120,
        ).status_code

    with ThreadPoolExecutor(count) as pool:
        return Counter(pool.map(attempt, range(count)))


def ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]:.0f}"


def describe(name: str, figures: dict, answers: Counter) -> None:
    for phase in ("rest", "flood"):
        h, s = figures[phase]["health"], figures[phase]["sync"]
        print(
            f"| {name} | {phase} | {len(h)} | {1000 * statistics.median(h):.0f} | "
            f"{ms(h, 95)} | {1000 * max(h):.0f} | {1000 * statistics.median(s):.0f} | "
            f"{1000 * max(s):.0f} |"
        )
    print(f"  attempts: {sum(answers.values())}: " + ", ".join(
        f"{kind} {status} × {n}" for (kind, status), n in sorted(answers.items())
    ))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--parallel", type=int, default=200)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)
    print(f"# bench.auth_flood: {args.clients} clients × {args.seconds:g} s; "
          f"{args.parallel} parallel wrong passwords")  # fmt: skip
    print(f"# {machine()}")
    print("\n| limits | phase | probes | /healthz p50 ms | p95 | max | phone sync p50 ms | max |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="atelier-flood-") as tmp:
        for name, extra in (("default", {}), ("lifted", LIFTED)):
            with server(Path(tmp), extra) as base:
                figures, answers = flood(base, args.clients, args.seconds)
            describe(name, figures, answers)
        print(
            f"\n| storage | of {args.parallel} parallel wrong passwords: checked (401) | refused |"
        )
        print("|---|---|---|")
        storages = [("memory", {})]
        try:
            redis.Redis.from_url(args.redis).ping()
            storages.append(("redis", {
                "ATELIER_RATELIMIT_STORAGE_URI": args.redis,
                "ATELIER_RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
            }))  # fmt: skip
        except redis.RedisError:
            print("(Redis not reachable: memory only)")
        for name, extra in storages:
            with server(Path(tmp), extra) as base:
                counts = parallel_wrong_passwords(base, args.parallel)
            print(f"| {name} | {counts.get(401, 0)} | {counts.get(429, 0)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
