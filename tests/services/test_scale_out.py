"""Two server processes, one PostgreSQL, one Redis: a room split across them stays one room."""

import contextlib
import queue

import requests
import socketio

from bench.cluster import migrate as _migrate

from ..servers import ACCOUNT, create_account, running_server, signed_in


@contextlib.contextmanager
def two_servers(env: dict, tmp_path, account: bool = True):
    """Two `atelier serve` processes on one migrated database (and the facilitator
    account, if asked); yields their base URLs."""
    _migrate(env)
    if account:
        create_account(env)
    with (
        running_server(env, tmp_path / "a.log") as server_a,
        running_server(env, tmp_path / "b.log") as server_b,
    ):
        yield server_a, server_b


def _connect(base: str, auth: dict) -> tuple[socketio.Client, queue.Queue]:
    client = socketio.Client(reconnection=False)
    inbox: queue.Queue = queue.Queue()
    client.on("state", lambda data: inbox.put(("state", data)))
    client.on("change", lambda data: inbox.put(("change", data)))
    client.connect(base, auth=auth, transports=["websocket"], wait_timeout=10)
    return client, inbox


def _next_change(inbox: queue.Queue) -> dict:
    while True:
        name, data = inbox.get(timeout=10)
        if name == "change":
            return data


def test_an_idea_posted_on_one_process_reaches_a_screen_on_the_other(
    tmp_path, postgres_url, redis_env
):
    env = {**redis_env, "ATELIER_DATABASE_URL": postgres_url, "ATELIER_AUTO_MIGRATE": "false"}
    with two_servers(env, tmp_path, account=True) as (server_a, server_b):
        created = signed_in(server_a).post(
            f"{server_a}/api/workshops", json={"title": "Deux process"}
        )
        code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
        facilitator, _ = _connect(server_a, {"code": code, "view": "facilitator", "key": key})
        assert facilitator.call("phase.set", {"phase": "lobby"})["ok"]
        assert facilitator.call("phase.set", {"phase": "client_ideas"})["ok"]

        screen, screen_inbox = _connect(server_b, {"code": code, "view": "screen"})
        assert screen_inbox.get(timeout=10)[0] == "state"

        joined = requests.post(
            f"{server_a}/api/w/{code}/participants", json={"name": "Zoé", "client_id": "z"}
        ).json()
        assert _next_change(screen_inbox)["ops"][0]["data"]["name"] == "Zoé"

        phone, _ = _connect(server_a, {"code": code, "view": "phone", "token": joined["token"]})
        ack = phone.call(
            "idea.post",
            {"kind": "client", "text": "Un café partagé", "parent_id": None, "client_id": "c1"},
        )
        assert ack["ok"], ack
        change = _next_change(screen_inbox)
        assert change["ops"][0]["data"]["text"] == "Un café partagé"
        assert change["v"] == ack["v"]

        # The same submission retried on the other process is stored once.
        phone_b, _ = _connect(server_b, {"code": code, "view": "phone", "token": joined["token"]})
        again = phone_b.call(
            "idea.post",
            {"kind": "client", "text": "Un café partagé", "parent_id": None, "client_id": "c1"},
        )
        assert again["duplicate"] is True and again["idea_id"] == ack["idea_id"]
        for client in (facilitator, screen, phone, phone_b):
            client.disconnect()


def test_join_code_guesses_are_counted_across_processes_in_redis(tmp_path, postgres_url, redis_env):
    env = {
        **redis_env,
        "ATELIER_DATABASE_URL": postgres_url,
        "ATELIER_AUTO_MIGRATE": "false",
        "ATELIER_RATE_LIMIT_CODE_MISSES": "3/minute",
    }
    with two_servers(env, tmp_path, account=False) as (server_a, server_b):
        for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
            assert requests.get(f"{server_a}/api/w/{guess}").status_code == 404
        refused = requests.get(f"{server_b}/api/w/DDDDDD")
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"


def test_a_password_changed_on_one_process_cuts_a_facilitator_page_on_the_other(
    tmp_path, postgres_url, redis_env
):
    env = {**redis_env, "ATELIER_DATABASE_URL": postgres_url, "ATELIER_AUTO_MIGRATE": "false"}
    with two_servers(env, tmp_path, account=True) as (server_a, server_b):
        laptop = signed_in(server_b)
        code = laptop.post(f"{server_b}/api/workshops", json={"title": "Deux process"}).json()[
            "workshop"
        ]["code"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in laptop.cookies)
        page = socketio.Client(reconnection=False)
        told = queue.Queue()
        page.on("reauth", lambda data: told.put(data))
        page.connect(
            server_b,
            auth={"code": code, "view": "facilitator"},
            headers={"Cookie": cookie},
            transports=["websocket"],
            wait_timeout=10,
        )
        assert page.call("timer.stop", {}, timeout=10)["ok"]
        desk = signed_in(server_a)
        page_a = desk.get(f"{server_a}/account").text
        token = page_a.split('name="csrf_token" value="')[1].split('"')[0]
        changed = desk.post(
            f"{server_a}/account/password",
            data={
                "current_password": ACCOUNT["password"],
                "new_password": "une toute nouvelle phrase",
                "csrf_token": token,
            },
            allow_redirects=False,
        )
        assert changed.status_code == 302
        assert told.get(timeout=10) == {}
        refused = page.call("timer.stop", {}, timeout=10)
        assert refused["error"]["code"] == "not_facilitator"
        page.disconnect()


def test_the_flood_guard_and_join_limits_count_the_room_across_processes(
    tmp_path, postgres_url, redis_env
):
    env = {
        **redis_env,
        "ATELIER_DATABASE_URL": postgres_url,
        "ATELIER_AUTO_MIGRATE": "false",
        "ATELIER_RATE_LIMIT_JOINS": "3/minute",
        "ATELIER_FLOOD_GUARD_IDEAS": "4/minute",
    }
    with two_servers(env, tmp_path, account=True) as (server_a, server_b):
        created = signed_in(server_a).post(f"{server_a}/api/workshops", json={"title": "Crue"})
        code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
        facilitator, inbox = _connect(server_b, {"code": code, "view": "facilitator", "key": key})
        assert facilitator.call("phase.set", {"phase": "lobby"})["ok"]
        assert facilitator.call("phase.set", {"phase": "client_ideas"})["ok"]

        # One address (this machine) joins twice on A, once on B: the fourth waits.
        tokens = []
        for n, base in enumerate((server_a, server_a, server_b)):
            joined = requests.post(
                f"{base}/api/w/{code}/participants", json={"name": f"P{n}", "client_id": f"j{n}"}
            )
            assert joined.status_code == 201, joined.text
            tokens.append(joined.json()["token"])
        refused = requests.post(
            f"{server_b}/api/w/{code}/participants", json={"name": "P3", "client_id": "j3"}
        )
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"

        phones = [
            _connect(base, {"code": code, "view": "phone", "token": token})[0]
            for base, token in ((server_a, tokens[0]), (server_b, tokens[1]))
        ]

        def post(phone, n: int) -> dict:
            payload = {"kind": "client", "text": f"Idée {n}", "parent_id": None}
            return phone.call("idea.post", {**payload, "client_id": f"i{n}"})

        # Four ideas, two through each process: the room's count is one.
        for n in range(4):
            assert post(phones[n % 2], n)["ok"]
        flooded = post(phones[0], 4)
        assert flooded["ok"] is False and flooded["error"]["code"] == "workshop_flooded"
        while True:  # the facilitator, on the other process, hears it
            change = _next_change(inbox)
            workshop = next((op["data"] for op in change["ops"] if op["type"] == "workshop"), None)
            if workshop and workshop["flood_guard"]:
                assert workshop["flood_guard"]["reason"] == "ideas"
                break
        assert post(phones[1], 5)["error"]["code"] == "workshop_flooded"

        # Lifted on B: the counts start afresh on A too.
        assert facilitator.call("flood.lift", {})["ok"]
        for n in range(6, 10):
            assert post(phones[n % 2], n)["ok"]
        assert post(phones[0], 10)["error"]["code"] == "workshop_flooded"
        for client in (facilitator, *phones):
            client.disconnect()


def test_joins_on_two_processes_reach_the_room_in_batches_each_version_once(
    tmp_path, postgres_url, redis_env
):
    """Joins on A wait there to leave together (through Redis); one taken on B
    meanwhile makes A send what it holds. Every page gets each version once."""
    env = {**redis_env, "ATELIER_DATABASE_URL": postgres_url, "ATELIER_AUTO_MIGRATE": "false"}
    with two_servers(env, tmp_path, account=True) as (server_a, server_b):
        created = signed_in(server_a).post(f"{server_a}/api/workshops", json={"title": "Hall"})
        code, key = created.json()["workshop"]["code"], created.json()["facilitator_key"]
        facilitator, inbox_a = _connect(server_a, {"code": code, "view": "facilitator", "key": key})
        v0 = facilitator.call("phase.set", {"phase": "lobby"})["v"]
        screen, inbox_b = _connect(server_b, {"code": code, "view": "screen"})

        joins = [server_a] * 10 + [server_b] + [server_a] * 10
        for n, server in enumerate(joins):
            response = requests.post(
                f"{server}/api/w/{code}/participants",
                json={"name": f"Personne {n:02d}", "client_id": f"j{n}"},
                timeout=10,
            )
            assert response.status_code == 201, response.text

        last = v0 + len(joins)
        for inbox in (inbox_a, inbox_b):
            covered, messages, names = [], 0, set()
            while last not in covered:
                change = _next_change(inbox)
                if change["v"] <= v0:
                    continue
                messages += 1
                covered += range(change.get("from", change["v"]), change["v"] + 1)
                names |= {op["data"]["name"] for op in change["ops"]}
            assert sorted(covered) == list(range(v0 + 1, last + 1))  # each version once
            assert messages < len(joins)
            assert names == {f"Personne {n:02d}" for n in range(len(joins))}
        for client in (facilitator, screen):
            client.disconnect()
