"""Rate limits trip with a clear refusal, and let people back in once the window has passed."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from atelier.domain.errors import Refusal
from atelier.extensions import socketio

from ..support import PASSWORD, Harness, client_id

WINDOW = 1.2  # seconds: the limits below count per second


@pytest.fixture
def tight(make_app):
    return make_app(
        RATE_LIMIT_CODE_MISSES="3/second",
        RATE_LIMIT_LOGIN="3/second",
        RATE_LIMIT_SIGNUP="2/second",
        RATE_LIMIT_CONTRIBUTIONS="3/second",
    )


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_guessing_join_codes_is_slowed_down_then_allowed_again(tight):
    code, _, _ = Harness(tight).create()
    guesser = _from(tight, "198.51.100.7")
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        assert guesser.get(f"/api/w/{guess}").status_code == 404
    blocked = guesser.get(f"/api/w/{code}")
    assert blocked.status_code == 429 and blocked.json["error"]["code"] == "rate_limited"
    assert blocked.headers["Retry-After"]
    page = guesser.get(f"/j/{code}?lang=en")
    assert page.status_code == 429 and "Wait a moment" in page.text
    # The socket handshake counts the same misses.
    refused = socketio.test_client(
        tight, flask_test_client=guesser, auth={"code": code, "view": "screen"}
    )
    assert not refused.is_connected()
    # Someone else in the room is not affected, and right codes never count.
    neighbour = _from(tight, "198.51.100.8")
    for _ in range(5):
        assert neighbour.get(f"/api/w/{code}").status_code == 200
    time.sleep(WINDOW)
    assert guesser.get(f"/api/w/{code}").status_code == 200


def test_failed_sign_ins_are_limited_per_address_and_per_account(tight):
    Harness(tight).account("zoe@example.org")
    attacker = _from(tight, "203.0.113.5")
    for _ in range(3):
        wrong = attacker.post("/api/session", json={"email": "zoe@example.org", "password": "x"})
        assert wrong.status_code == 401
    right = {"email": "zoe@example.org", "password": PASSWORD}
    assert attacker.post("/api/session", json=right).status_code == 429
    # The account itself is protected from another address too, for the window.
    assert _from(tight, "203.0.113.6").post("/api/session", json=right).status_code == 429
    time.sleep(WINDOW)
    assert _from(tight, "203.0.113.6").post("/api/session", json=right).status_code == 200


def test_sign_ups_are_limited_per_address(tight):
    visitor = _from(tight, "192.0.2.44")
    for n in range(2):
        form = {"email": f"p{n}@example.org", "name": "P", "password": "x" * 12}
        assert visitor.post("/signup", data=form).status_code == 302
        visitor.post("/logout")
    form = {"email": "p9@example.org", "name": "P", "password": "x" * 12}
    assert visitor.post("/signup", data=form).status_code == 429
    time.sleep(WINDOW)
    assert visitor.post("/signup", data=form).status_code == 302


def test_sign_ups_with_an_address_that_has_an_account_count_too(tight):
    Harness(tight).account("zoe@example.org")
    visitor = _from(tight, "192.0.2.45")
    form = {"email": "zoe@example.org", "name": "Intrus", "password": "x" * 12}
    answers = [visitor.post("/signup", data=form).status_code for _ in range(3)]
    assert answers == [302, 302, 429]


def _in_parallel(count: int, send) -> list[int]:
    barrier = threading.Barrier(count)

    def attempt(_):
        barrier.wait()
        return send()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(attempt, range(count)))


@pytest.mark.parametrize("storage", ["memory", "redis"])
def test_parallel_wrong_passwords_never_get_past_the_limit(make_app, storage, request):
    """Each attempt is counted before its password is checked, atomically: however
    many arrive at once, no more than the limit are checked."""
    config = {"RATE_LIMIT_LOGIN": "10/minute", "RATE_LIMIT_LOGIN_ADDRESS": "1000/minute"}
    if storage == "redis":
        redis_env = request.getfixturevalue("redis_env")
        config["RATELIMIT_STORAGE_URI"] = redis_env["ATELIER_MESSAGE_QUEUE"]
        config["RATELIMIT_KEY_PREFIX"] = redis_env["ATELIER_RATELIMIT_KEY_PREFIX"]
    # A real hash (~0.1 s): checks overlap, as they do on a server under attack.
    app = make_app(PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY", **config)
    Harness(app).account("zoe@example.org")
    wrong = {"email": "zoe@example.org", "password": "pas le bon mot de passe"}
    statuses = _in_parallel(
        40, lambda: _from(app, "203.0.113.9").post("/api/session", json=wrong).status_code
    )
    assert sorted(set(statuses)) == [401, 429]
    assert statuses.count(401) <= 10


def test_a_participant_flooding_ideas_is_held_back_and_nothing_extra_is_stored(tight):
    harness = Harness(tight)
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    acks = [harness.post(phone, f"Idée {n}") for n in range(5)]
    assert [a["ok"] for a in acks] == [True, True, True, False, False]
    assert acks[3]["error"]["code"] == "rate_limited"
    facilitator.drain()
    assert len(facilitator.store.ideas) == 3
    # The facilitator is never held back.
    for n in range(5):
        facilitator.ok("timer.start", {"seconds": 60 + n})
    time.sleep(WINDOW)
    assert harness.post(phone, "Idée après la pause", cid=client_id())["ok"]


def test_instances_sharing_one_redis_count_apart_with_their_own_prefix(make_app, redis_env):
    """Two Atelier instances (or a test run beside another) on one Redis: the
    configured key prefix keeps their counts apart."""
    uri = redis_env["ATELIER_MESSAGE_QUEUE"]

    def instance(prefix):
        return make_app(
            RATELIMIT_STORAGE_URI=uri,
            RATELIMIT_KEY_PREFIX=prefix,
            RATE_LIMIT_CODE_MISSES="2/minute",
        )

    first, second = instance(f"{uuid.uuid4().hex}a"), instance(f"{uuid.uuid4().hex}b")
    for guess in ("AAAAAA", "BBBBBB"):
        assert _from(first, "198.51.100.70").get(f"/api/w/{guess}").status_code == 404
    assert _from(first, "198.51.100.70").get("/api/w/CCCCCC").status_code == 429
    assert _from(second, "198.51.100.70").get("/api/w/CCCCCC").status_code == 404


def _join_api(http, code: str, name: str):
    return http.post(f"/api/w/{code}/participants", json={"name": name, "client_id": client_id()})


def test_one_address_joining_again_and_again_is_held_back(make_app):
    app = make_app(RATE_LIMIT_JOINS="3/second;6/minute")
    harness = Harness(app)
    code = harness.open_workshop(())[0]
    other_code = harness.open_workshop(())[0]
    nat = _from(app, "198.51.100.7")
    for n in range(3):
        assert _join_api(nat, code, f"Bot {n}").status_code == 201
    refused = _join_api(nat, code, "Bot 3")
    assert refused.status_code == 429 and refused.json["error"]["code"] == "rate_limited"
    assert "token" not in refused.json and refused.headers["Retry-After"]
    assert _join_api(nat, code, "Bot 3").status_code == 429
    page = nat.post(f"/j/{code}?lang=en", data={"name": "Bot 4", "client_id": client_id()})
    assert page.status_code == 429 and "Wait a moment" in page.text
    # Another address, or the same one in another workshop, is not affected.
    assert _join_api(_from(app, "198.51.100.8"), code, "Zoé").status_code == 201
    assert _join_api(nat, other_code, "Karim").status_code == 201
    # Asked to wait a second, then in: trying meanwhile did not use up the minute.
    time.sleep(WINDOW)
    for n in range(3):
        assert _join_api(nat, code, f"Later {n}").status_code == 201
    assert _join_api(nat, code, "One too many").status_code == 429


def test_an_ipv6_host_counts_as_its_whole_64_not_as_each_address(make_app):
    """An IPv6 host can take any address of its /64: each would otherwise have a
    budget of its own for sign-ups (each one a hash) and joins."""
    app = make_app(RATE_LIMIT_SIGNUP="2/minute", RATE_LIMIT_JOINS="2/minute")
    code = Harness(app).open_workshop(())[0]

    def sign_up(n):
        visitor = _from(app, f"2001:db8:1:2::{n + 1}")
        form = {"email": f"v{n}@example.org", "name": "V", "password": "x" * 12}
        return visitor.post("/signup", data=form).status_code

    assert [sign_up(n) for n in range(3)] == [302, 302, 429]
    joins = [_join_api(_from(app, f"2001:db8:1:2::{n + 10}"), code, f"P{n}") for n in range(3)]
    assert [r.status_code for r in joins] == [201, 201, 429]
    # Another /64 (another host) is not affected.
    assert _join_api(_from(app, "2001:db8:1:3::1"), code, "Voisin").status_code == 201


def test_the_counts_of_people_long_gone_are_forgotten(tight, monkeypatch):
    """A server that runs for months keeps no count for every participant it
    ever had: once a count's window has passed, its key goes too (the memory
    storage keeps it otherwise, with nothing in it)."""
    from atelier import throttle
    from atelier.extensions import limiter

    monkeypatch.setattr(throttle, "SWEEP_SECONDS", 0)  # every call tidies up
    with tight.app_context():
        for participant in range(300):  # 300 people contribute once, in many rooms
            throttle.consume("RATE_LIMIT_CONTRIBUTIONS", participant // 10, participant)
        assert len(limiter.storage.events) >= 300  # counted while their window lasts
        throttle.consume("RATE_LIMIT_CONTRIBUTIONS", 99, "in a room now")
        assert len(limiter.storage.events) >= 301
        time.sleep(WINDOW)
        throttle.consume("RATE_LIMIT_CONTRIBUTIONS", 99, "in a room now")
        assert len(limiter.storage.events) == 1
        # What is left still counts: the one still here is held back as before.
        for _ in range(2):
            throttle.consume("RATE_LIMIT_CONTRIBUTIONS", 99, "in a room now")
        with pytest.raises(Refusal):
            throttle.consume("RATE_LIMIT_CONTRIBUTIONS", 99, "in a room now")
