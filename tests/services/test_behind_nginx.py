"""The shipped nginx configuration in front of two workers on PostgreSQL and Redis:
a workshop of 200 phones (WebSocket and long-polling) through it, and one worker
killed with `kill -9` in the middle of the vote."""

import collections
import contextlib
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from bench.cluster import migrate, nginx_binary, running_nginx

from ..servers import ServerProcess, create_account, signed_in

PEOPLE = 200
IDEAS = 30  # colleague ideas on the vote
KILL_AFTER = 60  # acknowledged ballots before one worker is killed


class PatientClient(socketio.Client):
    """A client whose reconnections wait 10 s for the server's welcome, not 1:
    a worker taking in a hundred phones at once answers each in seconds, and a
    phone that gives up too early only makes it busier."""

    def connect(self, *args, wait_timeout: float = 10, **kwargs):
        return super().connect(*args, wait_timeout=max(wait_timeout, 10), **kwargs)


class Phone:
    """A participant's phone: a Socket.IO client that reconnects (through nginx)
    and remembers the last version it saw."""

    def __init__(self, base: str, index: int, token: str, code: str):
        self.index = index
        # One in four long-polls, as behind a proxy that refuses WebSockets.
        self.transport = "polling" if index % 4 == 0 else "websocket"
        self.seen = 0
        self.drops = 0
        self.client = PatientClient(
            reconnection=True,
            reconnection_delay=0.3,
            reconnection_delay_max=1.5,
            request_timeout=10,
        )
        self.client.on("state", self._state)
        self.client.on("change", self._versioned)
        self.client.on("disconnect", self._dropped)
        self.client.on("connect", self._connected)
        self.log: list[tuple] = []
        # What a page sends: a random key per page load keeps its polling on one worker.
        self.url = f"{base}?sticky=phone-{index}-{os.urandom(4).hex()}"
        self.auth = {"code": code, "view": "phone", "token": token}

    def _state(self, data):
        self._versioned(data)

    def _versioned(self, data):
        self.seen = max(self.seen, data["v"])

    def _dropped(self, *reason):
        self.drops += 1
        self.log.append(("dropped", reason, round(time.monotonic(), 1)))

    def _connected(self):
        self.log.append(("connected", round(time.monotonic(), 1)))

    def connect(self) -> "Phone":
        self.client.connect(self.url, auth=self.auth, transports=[self.transport], wait_timeout=20)
        return self

    def call(self, event: str, payload: dict) -> dict:
        """Like the page: an event that gets no answer (its worker died) is sent
        again, with the same client id, once the phone is back."""
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            with contextlib.suppress(socketio.exceptions.SocketIOError):
                if self.client.connected:
                    return self.client.call(event, payload, timeout=5)
            time.sleep(0.2)
        raise AssertionError(
            f"phone {self.index} ({self.transport}) never got an answer to {event}: "
            f"{self.log}, now {time.monotonic():.1f}"
        )


def hang_up(clients: list[socketio.Client]) -> None:
    """Leave without waiting: a polling client's polite goodbye waits for its
    pending long-poll (up to the ping interval); stopping nginx ends those."""
    for client in clients:
        client.reconnection = False
        client.eio.disconnect(abort=True)


def _ok(ack: dict) -> dict:
    assert ack.get("ok"), ack
    return ack


def ballot(i: int) -> tuple[int, int]:
    first = i % IDEAS
    return first, (first + 1 + (i // IDEAS) % (IDEAS - 1)) % IDEAS


# Processes to start and a storm to play: minutes on a busy machine, not the suite's 120 s.
@pytest.mark.timeout(480)
def test_a_workshop_of_200_through_nginx_survives_a_worker_killed_mid_vote(
    tmp_path, postgres_url, redis_env
):
    started = time.monotonic()
    nginx_binary()  # before anything else: missing, the run fails at once
    env = {
        **redis_env,
        "ATELIER_DATABASE_URL": postgres_url,
        "ATELIER_AUTO_MIGRATE": "false",
        "ATELIER_PROXY_HOPS": "1",
        # Every phone here comes from 127.0.0.1: the room behind one NAT.
        "ATELIER_RATE_LIMIT_JOINS": "1000/minute",
    }
    migrate(env)
    create_account(env)
    workers = [ServerProcess(env, tmp_path / f"worker-{n}.log") for n in "ab"]
    phones: list[Phone] = []
    try:  # a worker slow to start is stopped with the other
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(ServerProcess.start, workers))
        print(f"workers up after {time.monotonic() - started:.1f} s")
        with running_nginx(tmp_path, [w.port for w in workers]) as nginx:
            base, access_log = nginx.base, nginx.access_log
            health = requests.get(f"{base}/healthz", timeout=5)
            assert health.json() == {"ok": True, "database": "ok", "queue": "ok"}

            # Static files: the second fetch comes from nginx's cache, compressed.
            home = requests.get(f"{base}/", timeout=5).text
            script = re.search(r"/static/[0-9a-f]+/[\w/.-]+\.(?:css|js)", home).group(0)
            for _ in range(2):
                asset = requests.get(f"{base}{script}", timeout=5)
                assert asset.ok and asset.headers["Content-Encoding"] in ("br", "gzip")

            desk = signed_in(base)
            created = desk.post(f"{base}/api/workshops", json={"title": "Derrière nginx"}).json()
            code, key = created["workshop"]["code"], created["facilitator_key"]
            facilitator = socketio.Client(reconnection=True, reconnection_delay=0.3)
            facilitator.connect(
                f"{base}?sticky=facilitator",
                auth={"code": code, "view": "facilitator", "key": key},
                transports=["websocket"],
                wait_timeout=20,
            )

            def facilitate(event: str, payload: dict) -> dict:
                for _ in range(12):
                    with contextlib.suppress(socketio.exceptions.SocketIOError):
                        return _ok(facilitator.call(event, payload, timeout=5))
                    time.sleep(0.5)
                raise AssertionError(f"the facilitator never got an answer to {event}")

            facilitate("phase.set", {"phase": "lobby"})
            joined = requests.Session()

            def join(i: int) -> str:
                body = {"name": f"Personne {i}", "client_id": f"join-{i}"}
                answer = joined.post(f"{base}/api/w/{code}/participants", json=body, timeout=10)
                assert answer.status_code == 201, answer.text
                return answer.json()["token"]

            with ThreadPoolExecutor(8) as pool:
                tokens = list(pool.map(join, range(PEOPLE)))
                print(f"joined after {time.monotonic() - started:.1f} s")
                phones = list(
                    pool.map(lambda i: Phone(base, i, tokens[i], code).connect(), range(PEOPLE))
                )

            print(f"joined and connected after {time.monotonic() - started:.1f} s")

            # Ideas: 30 about clients, then 30 for colleagues built on them.
            def client_idea(i: int) -> int:
                post = {"kind": "client", "text": f"Client {i}", "parent_id": None}
                return _ok(phones[i].call("idea.post", {**post, "client_id": f"c{i}"}))["idea_id"]

            def colleague_idea(i: int) -> int:
                post = {"kind": "colleague", "text": f"Collègues {i}", "parent_id": client_ideas[i]}
                ack = phones[IDEAS + i].call("idea.post", {**post, "client_id": f"k{i}"})
                return _ok(ack)["idea_id"]

            facilitate("phase.set", {"phase": "client_ideas"})
            with ThreadPoolExecutor(8) as pool:
                client_ideas = list(pool.map(client_idea, range(IDEAS)))
                facilitate("phase.set", {"phase": "transposition"})
                ideas = list(pool.map(colleague_idea, range(IDEAS)))
            print(f"ideas in after {time.monotonic() - started:.1f} s")

            facilitate("phase.set", {"phase": "vote"})
            acked: list[int] = []
            lock = threading.Lock()
            killed = threading.Event()

            def vote(phone: Phone) -> None:
                chosen = [ideas[k] for k in ballot(phone.index)]
                payload = {"idea_ids": chosen, "client_id": f"ballot-{phone.index}"}
                ack = _ok(phone.call("vote.set", payload))
                assert sorted(ack["votes"]) == sorted(chosen), ack
                with lock:
                    acked.append(phone.index)
                    if len(acked) == KILL_AFTER and not killed.is_set():
                        workers[1].process.kill()  # kill -9, in the middle of the vote
                        print(f"killed after {time.monotonic() - started:.1f} s")
                        killed.set()

            with ThreadPoolExecutor(16) as pool:
                list(pool.map(vote, phones))
            assert killed.is_set()
            assert sorted(acked) == list(range(PEOPLE))

            dropped = [p.index for p in phones if p.drops]
            # Both workers had phones: the killed one's came back through nginx.
            assert 0 < len(dropped) < PEOPLE, len(dropped)
            assert {phones[i].transport for i in dropped} == {"websocket", "polling"}

            expected = collections.Counter(ideas[k] for i in range(PEOPLE) for k in ballot(i))
            state = facilitate("sync", {})["state"]
            tallies = {int(k): n for k, n in state["votes"]["tallies"].items()}
            assert tallies == dict(expected)  # exact: nothing lost, nothing counted twice
            assert state["votes"]["voters"] == state["votes"]["complete"] == PEOPLE
            final = state["v"]

            # Every phone converges on the last version: by the changes it was
            # sent, or (one whose worker died before broadcasting) by a resync.
            deadline = time.monotonic() + 20
            while any(p.seen != final for p in phones) and time.monotonic() < deadline:
                time.sleep(0.2)
            behind = [p.index for p in phones if p.seen != final]
            with ThreadPoolExecutor(8) as pool:
                mine = list(pool.map(lambda p: _ok(p.call("sync", {}))["state"], phones))
            for phone, snapshot in zip(phones, mine, strict=True):
                phone.seen = max(phone.seen, snapshot["v"])
                assert sorted(snapshot["me"]["votes"]) == sorted(
                    ideas[k] for k in ballot(phone.index)
                )
            assert {p.seen for p in phones} == {final}, behind

            assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
            print(f"all converged after {time.monotonic() - started:.1f} s")
            hang_up([facilitator, *(p.client for p in phones)])
            phones = []
        # The worker left standing never failed; nginx answered from its cache.
        assert workers[0].process.poll() is None
        assert "Traceback" not in (tmp_path / "worker-a.log").read_text()
        log = access_log.read_text()
        assert f'GET {script} 200 "HIT" "-"' in log
        assert f"127.0.0.1:{workers[1].port}" in log and f"127.0.0.1:{workers[0].port}" in log
        errors = (tmp_path / "error.log").read_text()
        assert not re.search(r"\[(emerg|alert|crit)\]", errors), errors
    finally:
        hang_up([p.client for p in phones])
        for worker in workers:
            worker.stop()
    print(f"200 phones behind nginx, a worker killed mid-vote: {time.monotonic() - started:.1f} s")
