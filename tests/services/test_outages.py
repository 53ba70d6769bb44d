"""Redis and PostgreSQL restarting under a live workshop: two `atelier serve`
workers (reached directly, without nginx, so that each phone's worker is
known) on a PostgreSQL and a Redis of the test's own (private_services.py),
phones on both, ideas and ballots flowing.

What users see, as these tests check it, is told in docs/deploy.md ("What
users see when Redis or PostgreSQL restarts").
"""

import collections
import contextlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import socketio

from ..contract import contract
from ..servers import ServerProcess, create_account, signed_in
from .private_services import PrivatePostgres, PrivateRedis, private_services
from .test_scale_out import _migrate

HEARTBEAT = 2  # seconds between two "version" beats, in these tests
PHONES = 12  # half on each worker


class Phone:
    """A participant's phone on one worker, following the room as the page
    does (static/js/live.js): versions from ``state``, ``change`` and
    ``sync``; a ``version`` beat ahead of it asks for a snapshot."""

    def __init__(self, base: str, index: int, token: str, code: str):
        self.index, self.base = index, base
        self.transport = "polling" if index % 4 == 0 else "websocket"
        self.seen = 0
        self.changes: list[int] = []  # versions received as changes
        self.synced: list[int] = []  # versions received as snapshots after a beat
        self.beats: list[dict] = []  # `version` messages
        self._syncing = 0.0  # when the sync in flight was asked for
        self.client = socketio.Client(
            reconnection=True, reconnection_delay=0.3, reconnection_delay_max=1.5
        )
        self.client.on("state", lambda data: self._saw(data["v"]))
        self.client.on("change", self._change)
        self.client.on("version", self._beat)
        self.client.on("me", lambda data: None)
        self.auth = {"code": code, "view": "phone", "token": token}

    def _saw(self, v: int) -> None:
        self.seen = max(self.seen, v)

    def _change(self, data: dict) -> None:
        self.changes.append(data["v"])
        self._saw(data["v"])

    def _beat(self, data: dict) -> None:
        self.beats.append(data)
        if data["v"] > self.seen and time.monotonic() - self._syncing > 10:
            self._syncing = time.monotonic()
            try:
                self.client.emit("sync", {}, callback=self._synced)
            except socketio.exceptions.SocketIOError:
                self._syncing = 0.0  # the next beat asks again

    def _synced(self, ack: dict) -> None:
        self._syncing = 0.0
        if ack.get("ok"):
            self.synced.append(ack["state"]["v"])
            self._saw(ack["state"]["v"])

    def connect(self) -> "Phone":
        self.client.connect(self.base, auth=self.auth, transports=[self.transport], wait_timeout=10)
        return self

    def submit(self, event: str, payload: dict, patience: float = 40) -> tuple[dict, list[dict]]:
        """Like the page's outbox: sent until the server answers something other
        than ``unavailable`` (or nothing), with the same client id each time;
        returns the last answer and the ones refused on the way."""
        refused: list[dict] = []
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            ack = None
            with contextlib.suppress(socketio.exceptions.SocketIOError):
                if self.client.connected:
                    ack = self.client.call(event, payload, timeout=10)
            if ack is not None and not (
                ack.get("ok") is False and ack["error"]["code"] == "unavailable"
            ):
                return ack, refused
            if ack is not None:
                refused.append(ack)
            time.sleep(1)
        raise AssertionError(f"phone {self.index} never got an answer to {event}: {refused}")


@dataclass
class Room:
    code: str
    facilitator: socketio.Client
    phones: list[Phone]
    workers: list[ServerProcess]

    def facilitate(self, event: str, payload: dict) -> dict:
        for _ in range(40):
            with contextlib.suppress(socketio.exceptions.SocketIOError):
                ack = self.facilitator.call(event, payload, timeout=10)
                if ack["ok"] or ack["error"]["code"] != "unavailable":
                    assert ack["ok"], ack
                    return ack
            time.sleep(0.5)
        raise AssertionError(f"the facilitator never got an answer to {event}")

    def on(self, worker: int) -> list[Phone]:
        return [p for p in self.phones if p.base == self.workers[worker].url]

    def converged(self, version: int, within: float) -> float:
        """Seconds until every phone holds ``version`` (no change made meanwhile)."""
        started = time.monotonic()
        while time.monotonic() - started < within:
            if all(p.seen == version for p in self.phones):
                return time.monotonic() - started
            time.sleep(0.1)
        behind = {p.index: p.seen for p in self.phones if p.seen != version}
        raise AssertionError(f"phones behind version {version} after {within} s: {behind}")


@pytest.fixture
def services(tmp_path):
    with private_services(tmp_path) as (postgres, redis_server):
        yield postgres, redis_server


@contextlib.contextmanager
def workshop(tmp_path, postgres: PrivatePostgres, redis_server: PrivateRedis, **settings):
    """Two workers, a facilitator on the first, ``PHONES`` phones joined and
    connected, alternately on each worker, the workshop at its client ideas."""
    env = {
        "ATELIER_DATABASE_URL": postgres.url,
        "ATELIER_MESSAGE_QUEUE": redis_server.url,
        "ATELIER_AUTO_MIGRATE": "false",
        "ATELIER_VERSION_HEARTBEAT": str(HEARTBEAT),
        **settings,
    }
    _migrate(env)
    create_account(env)
    workers = [ServerProcess(env, tmp_path / f"worker-{n}.log") for n in "ab"]
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(ServerProcess.start, workers))
    print(f"workers up in {time.monotonic() - started:.1f} s")
    clients: list[socketio.Client] = []
    try:
        a, b = (w.url for w in workers)
        created = signed_in(a).post(f"{a}/api/workshops", json={"title": "Pannes"}).json()
        code, key = created["workshop"]["code"], created["facilitator_key"]
        facilitator = socketio.Client(reconnection=True, reconnection_delay=0.3)
        facilitator.on("*", lambda *args: None)
        facilitator.connect(
            a, auth={"code": code, "view": "facilitator", "key": key}, transports=["websocket"]
        )
        clients.append(facilitator)
        room = Room(code, facilitator, [], workers)
        room.facilitate("phase.set", {"phase": "lobby"})
        for i in range(PHONES):
            base = (a, b)[i % 2]
            body = {"name": f"Personne {i}", "client_id": f"join-{i}"}
            joined = requests.post(f"{base}/api/w/{code}/participants", json=body, timeout=10)
            assert joined.status_code == 201, joined.text
            room.phones.append(Phone(base, i, joined.json()["token"], code).connect())
            clients.append(room.phones[-1].client)
        room.facilitate("phase.set", {"phase": "client_ideas"})
        print(f"{PHONES} phones in after {time.monotonic() - started:.1f} s")
        yield room
    finally:
        for client in clients:
            client.reconnection = False
            with contextlib.suppress(Exception):
                client.eio.disconnect(abort=True)
        for worker in workers:
            worker.stop()


def health(worker: ServerProcess) -> tuple[int, dict, float]:
    started = time.monotonic()
    answer = requests.get(f"{worker.url}/healthz", timeout=10)
    return answer.status_code, answer.json(), time.monotonic() - started


def cpu_seconds(worker: ServerProcess) -> float:
    """User + system time the worker has used so far."""
    stat = Path(f"/proc/{worker.process.pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# Processes to start and a storm to play: minutes on a busy machine, not the suite's 120 s.
@pytest.mark.timeout(480)
def test_redis_down_for_10_s_mid_workshop(tmp_path, services):
    """During the outage a worker's own phones see its changes at once and the
    other worker's phones see them at the next beat; afterwards every page
    holds the last version without anything else happening."""
    started = time.monotonic()
    postgres, redis_server = services
    with workshop(tmp_path, postgres, redis_server) as room:
        on_a, on_b = room.on(0), room.on(1)
        ack, _ = on_b[0].submit(
            "idea.post", {"kind": "client", "text": "Avant", "parent_id": None, "client_id": "i0"}
        )
        assert ack["ok"]
        room.converged(ack["v"], within=5)
        assert all(ack["v"] in p.changes for p in room.phones)  # live, across workers
        print(f"workshop running after {time.monotonic() - started:.1f} s")

        redis_server.stop()
        down_at = time.monotonic()
        cpu_before = [cpu_seconds(w) for w in room.workers]
        for worker in room.workers:
            status, body, took = health(worker)
            assert (status, body) == (503, {"ok": False, "database": "ok", "queue": "down"})
            assert took < 2, took

        # An idea on B: B's phones have it at once, A's at the next beat.
        sent = time.monotonic()
        ack, refused = on_b[1].submit(
            "idea.post", {"kind": "client", "text": "Pendant", "parent_id": None, "client_id": "i1"}
        )
        assert ack["ok"] and not refused, (ack, refused)
        assert time.monotonic() - sent < 2
        during = ack["v"]
        deadline = time.monotonic() + 1
        while any(p.seen < during for p in on_b) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(during in p.changes for p in on_b)
        room.converged(during, within=HEARTBEAT + 2)
        assert not any(during in p.changes for p in on_a)  # not sent across: by the beat
        assert all(during in p.synced for p in on_a)
        contract().check_event("version", on_a[0].beats[-1], "public")

        # The vote opens and every phone votes while Redis is still away.
        room.facilitate("phase.set", {"phase": "transposition"})
        parent = ack["idea_id"]
        colleague = []
        for n in range(3):
            post = {"kind": "colleague", "text": f"Collègues {n}", "parent_id": parent}
            ack, _ = on_a[0].submit("idea.post", {**post, "client_id": f"k{n}"})
            colleague.append(ack["idea_id"])
        room.facilitate("phase.set", {"phase": "vote"})

        def vote(phone: Phone) -> int:
            choice = [colleague[phone.index % 3]]
            ack, refused = phone.submit("vote.set", {"idea_ids": choice, "client_id": "b"})
            assert ack["ok"] and not refused, (ack, refused)
            return choice[0]

        with ThreadPoolExecutor(6) as pool:
            chosen = collections.Counter(pool.map(vote, room.phones))
        assert time.monotonic() - down_at < 10, "the outage ended before the votes were in"
        state = room.facilitate("sync", {})["state"]
        last = state["v"]
        assert {int(k): n for k, n in state["votes"]["tallies"].items()} == dict(chosen)

        time.sleep(max(0.0, 10 - (time.monotonic() - down_at)))
        redis_server.start()
        back_at = time.monotonic()
        print(f"Redis away {back_at - down_at:.1f} s")

        # Nothing else happens: every page catches up with the last vote.
        caught_up = room.converged(last, within=2 * HEARTBEAT + 2)
        print(f"every phone at the last version {caught_up:.1f} s after Redis came back")
        deadline = time.monotonic() + 5
        while {health(w)[0] for w in room.workers} != {200}:
            assert time.monotonic() < deadline, [health(w) for w in room.workers]
            time.sleep(0.2)

        # Changes cross between the workers live again once each worker has
        # resubscribed to the queue.
        resumed = None
        for n in range(30):
            ballot = {"idea_ids": [colleague[n % 3]], "client_id": f"r{n}"}
            ack, _ = on_b[0].submit("vote.set", ballot)
            time.sleep(0.3)
            if all(ack["v"] in p.changes for p in on_a):
                resumed = time.monotonic() - back_at
                break
            time.sleep(0.7)
        assert resumed is not None, "changes never crossed between the workers again"
        print(f"live across workers again {resumed:.1f} s after Redis came back")
        room.converged(ack["v"], within=HEARTBEAT + 2)

        # Neither worker died, nor spun while the queue was away.
        spent = [cpu_seconds(w) - cpu for w, cpu in zip(room.workers, cpu_before, strict=True)]
        assert all(w.process.poll() is None for w in room.workers)
        print(f"CPU seconds used by the workers from the outage on: {spent}")
        assert max(spent) < 8, spent
    for name in ("worker-a.log", "worker-b.log"):
        log = (tmp_path / name).read_text()
        assert "Traceback" not in log, log[-3000:]
    print(f"Redis outage test: {time.monotonic() - started:.1f} s")


class Submissions:
    """What the phones were answered: every answer kept, by kind."""

    def __init__(self):
        self.lock = threading.Lock()
        self.refused: list[dict] = []  # `unavailable`, later sent again
        self.slowest = 0.0

    def send(self, phone: Phone, event: str, payload: dict) -> dict:
        sent = time.monotonic()
        ack, refused = phone.submit(event, payload, patience=60)
        with self.lock:
            self.refused.extend(refused)
            self.slowest = max(self.slowest, time.monotonic() - sent)
        assert ack["ok"], (event, payload, ack)
        return ack


def flowing(room: Room, submit, outage) -> list:
    """Every phone submits (``submit(phone, n)``, one a second) from a second
    before ``outage()`` until it is over; returns each phone's answers."""
    results: list = [[] for _ in room.phones]
    over = threading.Event()

    def one_phone(phone: Phone) -> None:
        n = 0
        while not over.is_set() or n < 2:
            results[phone.index].append(submit(phone, n))
            n += 1
            time.sleep(1)

    with ThreadPoolExecutor(len(room.phones)) as pool:
        running = [pool.submit(one_phone, phone) for phone in room.phones]
        time.sleep(1)
        started = time.monotonic()
        outage()
        print(f"outage over after {time.monotonic() - started:.1f} s")
        over.set()
        for future in running:
            future.result()
    return results


# Processes to start and a storm to play: minutes on a busy machine, not the suite's 120 s.
@pytest.mark.timeout(480)
def test_postgres_restarted_mid_workshop(tmp_path, services):
    """Submissions while the database is away are answered `unavailable` (and
    sent again by the page with the same client id) or wait for it; once it is
    back, each is stored once, the tallies are exact, every page agrees."""
    started = time.monotonic()
    postgres, redis_server = services
    with workshop(tmp_path, postgres, redis_server) as room:
        a, b = room.workers
        answers = Submissions()
        seen_down: list[tuple] = []

        def restart() -> None:
            """`pg_ctl restart -m fast`: the connections in every pool die."""
            postgres.stop("fast")
            postgres.start()

        # Ideas flow through a restart.
        def post(phone: Phone, n: int) -> dict:
            text = f"Idée {phone.index}-{n}"
            payload = {"kind": "client", "text": text, "parent_id": None}
            return answers.send(phone, "idea.post", {**payload, "client_id": f"i{n}"})

        posted = flowing(room, post, restart)
        print(f"ideas in after {time.monotonic() - started:.1f} s")

        # Ballots flow through a stop of 4 s: meanwhile, what the workers say.
        room.facilitate("phase.set", {"phase": "transposition"})
        parents = [posted[i][0]["idea_id"] for i in range(3)]
        colleague = []
        for n, parent in enumerate(parents):
            post = {"kind": "colleague", "text": f"Collègues {n}", "parent_id": parent}
            colleague.append(
                answers.send(room.phones[1], "idea.post", {**post, "client_id": f"k{n}"})
            )
        colleague = [ack["idea_id"] for ack in colleague]
        room.facilitate("phase.set", {"phase": "vote"})

        def stop_for_4_s() -> None:
            postgres.stop("fast")
            stopped = time.monotonic()
            for worker in (a, b):
                seen_down.append(health(worker))
            refused = requests.post(
                f"{b.url}/api/w/{room.code}/participants",
                json={"name": "Tardif", "client_id": "late"},
                timeout=10,
            )
            seen_down.append(
                (refused.status_code, refused.json(), refused.headers.get("Retry-After"))
            )
            time.sleep(max(0.0, 4 - (time.monotonic() - stopped)))
            postgres.start()

        def vote(phone: Phone, n: int) -> dict:
            ballot = {"idea_ids": [colleague[(phone.index + n) % 3]], "client_id": f"b{n}"}
            return answers.send(phone, "vote.set", ballot)

        voted = flowing(room, vote, stop_for_4_s)
        print(f"ballots in after {time.monotonic() - started:.1f} s")

        # While the database was away: /healthz said so at once, a join was
        # refused with a reason, in French, to try again.
        for status, body, took in seen_down[:2]:
            assert (status, body) == (503, {"ok": False, "database": "down", "queue": "ok"})
            assert took < 2.5, took
        status, body, retry_after = seen_down[2]
        assert status == 503 and retry_after, seen_down[2]
        french = "Le serveur est brièvement indisponible\u00a0: réessayez dans quelques secondes."
        assert body["error"] == {"code": "unavailable", "message": french}
        # Submissions were refused `unavailable` (then sent again), never `server_error`.
        assert answers.refused, "no submission met the outage"
        assert {r["error"]["code"] for r in answers.refused} == {"unavailable"}
        print(
            f"{len(answers.refused)} answers `unavailable`, slowest submission answered "
            f"after {answers.slowest:.1f} s"
        )

        # Every acknowledged idea stored once; the tallies count each last ballot.
        texts = collections.Counter(
            text for (text,) in postgres.query("SELECT text FROM ideas WHERE kind = 'client'")
        )
        assert texts == {f"Idée {i}-{n}": 1 for i in range(PHONES) for n in range(len(posted[i]))}
        for i, acks in enumerate(posted):
            assert len({ack["idea_id"] for ack in acks}) == len(acks), i
        state = room.facilitate("sync", {})["state"]
        last_ballots = collections.Counter(acks[-1]["votes"][0] for acks in voted)
        tallies = {int(k): n for k, n in state["votes"]["tallies"].items()}
        assert tallies == dict(last_ballots)
        assert state["votes"]["voters"] == PHONES

        # Every page agrees, without anything else happening.
        took = room.converged(state["v"], within=2 * HEARTBEAT + 3)
        print(f"every phone at the last version {took:.1f} s after the last ballot")
        for worker in (a, b):
            assert worker.process.poll() is None
            assert health(worker)[0] == 200
    for name in ("worker-a.log", "worker-b.log"):
        log = (tmp_path / name).read_text()
        assert "Traceback" not in log, log[-3000:]
    print(f"PostgreSQL restart test: {time.monotonic() - started:.1f} s")


def test_healthz_says_the_database_is_down_within_2_s_when_it_hangs(tmp_path, services):
    """A database that accepts connections but never answers (every process
    stopped with SIGSTOP) makes /healthz answer 503 in under 2 s, not hang."""
    postgres, _ = services
    worker = ServerProcess({"ATELIER_DATABASE_URL": postgres.url}, tmp_path / "worker.log").start()
    try:
        assert health(worker)[:2] == (200, {"ok": True, "database": "ok", "queue": "none"})
        frozen = postgres.freeze()
        try:
            # First with the pool's connection, then with a new one.
            for _ in range(2):
                status, body, took = health(worker)
                assert (status, body) == (503, {"ok": False, "database": "down", "queue": "none"})
                assert took < 2, took
            print(f"/healthz on a hung database: 503 after {took:.1f} s")
        finally:
            postgres.thaw(frozen)
        deadline = time.monotonic() + 10
        while health(worker)[0] != 200:
            assert time.monotonic() < deadline, health(worker)
            time.sleep(0.2)
    finally:
        worker.stop()
    assert "Traceback" not in (tmp_path / "worker.log").read_text()
