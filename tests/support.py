"""Test helpers: a workshop run through the real HTTP and Socket.IO transports."""

import csv
import html
import io
import itertools
import re
import secrets
import uuid

from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from atelier.extensions import socketio
from atelier.services.exports import COLUMNS

# Rate limits get their own tests (tests/integration/test_rate_limits.py);
# elsewhere they stay out of the way of tests that post a lot.
GENEROUS = "1000000/minute"


class PageClient(FlaskClient):
    """Posts forms the way our pages do: with the session's CSRF token."""

    def open(self, *args, **kwargs):
        form = kwargs.get("data")
        is_form_post = kwargs.get("method") == "POST" and "json" not in kwargs
        is_form = form is None or isinstance(form, dict)
        if is_form_post and is_form and not (form or {}).get("csrf_token"):
            kwargs["data"] = {**(form or {}), "csrf_token": self.csrf_token()}
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        """The token a page of this session carries (Flask-WTF's, signed)."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        signer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return signer.dumps(raw)


def build_app(database_path, **overrides):
    """The app as tests use it: threads, SQLite in a file, the schema from the models."""
    from atelier import create_app
    from atelier.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "ASYNC_MODE": "threading",
            # Nothing of a test goes to the checkout's instance/.
            "INSTANCE_PATH": str(database_path.parent / "instance"),
            # A file, not :memory:, so that threads in concurrency tests share it.
            "DATABASE_URL": f"sqlite:///{database_path}",
            "SECRET_KEY": "tests-only-secret",
            "MESSAGE_QUEUE": "",
            "AUTO_MIGRATE": False,  # the schema comes from create_all here
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATE_LIMIT_CODE_MISSES": GENEROUS,
            "RATE_LIMIT_LOGIN": GENEROUS,
            "RATE_LIMIT_LOGIN_ADDRESS": GENEROUS,
            "RATE_LIMIT_SIGNUP": GENEROUS,
            "RATE_LIMIT_CONTRIBUTIONS": GENEROUS,
            "RATE_LIMIT_INVITES": GENEROUS,
            "RATE_LIMIT_JOINS": GENEROUS,
            "RATE_LIMIT_CLAIMS": GENEROUS,
            "FLOOD_GUARD_IDEAS": GENEROUS,
            "FLOOD_GUARD_JOINS": GENEROUS,
            # Tests read what a page received right after an action: joins
            # and ballots are sent at once here. Batched ones have their own
            # tests (tests/integration/test_join_coalescing.py,
            # test_vote_coalescing.py); real servers
            # (browser and services tests) run with the default.
            "BROADCAST_INTERVAL": 0,
            **overrides,
        }
    )
    app.test_client_class = PageClient
    with app.app_context():
        db.create_all()
    return app


PHASES = ["lobby", "client_ideas", "transposition", "vote", "results"]


class Store:
    """What a page holds: a snapshot, then versioned changes, as live.js does."""

    def __init__(self, state: dict):
        self.gaps = 0
        self.reset(state)

    def reset(self, state: dict) -> None:
        self.v = state["v"]
        self.workshop = state["workshop"]
        self.participants = {p["id"]: p for p in state["participants"]}
        self.ideas = {i["id"]: i for i in state["ideas"]}
        self.votes = dict(state["votes"])
        self.barometer = state["barometer"]
        self.me = state.get("me")
        self.review = {item["idea_id"]: item for item in state["review"]}

    def apply(self, message: dict) -> bool:
        """Apply one change; False when a version is missing (the page would resync)."""
        if message["v"] <= self.v:
            return True
        # Several contiguous versions sent together cover from..v: join ops,
        # whole objects, so those of versions already held apply again harmlessly.
        if not message.get("from", message["v"]) <= self.v + 1 <= message["v"]:
            self.gaps += 1
            return False
        for op in message["ops"]:
            kind, data = op["type"], op["data"]
            if kind == "workshop":
                self.workshop = data
            elif kind == "participant":
                self.participants[data["id"]] = data
            elif kind == "idea":
                self.ideas[data["id"]] = data
            elif kind == "idea_removed":
                self.ideas.pop(data["id"], None)
            elif kind == "votes":
                # Tallies merge (only changed ideas are listed); null drops them.
                tallies = data["tallies"]
                if tallies is not None:
                    tallies = {**(self.votes["tallies"] or {}), **tallies}
                self.votes = {**data, "tallies": tallies}
            elif kind == "barometer":
                self.barometer = data
            elif kind == "review":
                # Items replace those of the same idea; the others stay.
                self.review.update({item["idea_id"]: item for item in data["items"]})
            elif kind == "resync":
                return False
        self.v = message["v"]
        return True

    def comparable(self) -> dict:
        tallies = {k: n for k, n in (self.votes["tallies"] or {}).items() if n}
        return {
            "v": self.v,
            "workshop": self.workshop,
            "participants": self.participants,
            "ideas": self.ideas,
            "barometer": self.barometer,
            "review": self.review,
            "votes": {
                **{k: v for k, v in self.votes.items() if k != "tallies"},
                "tallies": tallies,
            },
        }


class Client:
    """One page: a Socket.IO test client and the store it keeps."""

    def __init__(self, app, http, code: str, view: str, lang: str = "en"):
        self.sio = socketio.test_client(
            app, flask_test_client=http, auth={"code": code, "view": view, "lang": lang}
        )
        self.http = http  # the browser's HTTP side: its cookies, its downloads
        self.store: Store | None = None
        self.early: list[dict] = []
        self.me = None
        self.drain()

    def drain(self) -> list[dict]:
        """Apply everything received; on a gap, resync like the page does."""
        received = self.sio.get_received()
        for message in received:
            name, payload = message["name"], message["args"][0]
            if name == "state":
                self.store = Store(payload)
                self.me = payload.get("me")
                for early in self.early:
                    if not self.store.apply(early):
                        self.store.reset(self.sync())
                self.early.clear()
            elif name == "change" and self.store is None:
                self.early.append(payload)  # sent before the snapshot: kept for after it
            elif name == "change" and not self.store.apply(payload):
                self.store.reset(self.sync())
            elif name == "me":
                self.me = {**(self.me or {}), **payload}
        return received

    def sync(self) -> dict:
        ack = self.sio.emit("sync", {}, callback=True)
        assert ack["ok"], ack
        return ack["state"]

    def act(self, event: str, payload: dict | None = None) -> dict:
        return self.sio.emit(event, payload or {}, callback=True)

    def ok(self, event: str, payload: dict | None = None) -> dict:
        ack = self.act(event, payload)
        assert ack["ok"], ack
        return ack


_ids = itertools.count(1)


def client_id() -> str:
    return f"{next(_ids)}-{uuid.uuid4().hex[:8]}"


PASSWORD = "un mot de passe de test"


class Harness:
    """Creates workshops and opens pages on them like real browsers would."""

    def __init__(self, app):
        self.app = app

    def account(self, email: str = "camille@example.org", role: str = "facilitator", **extra):
        """An account (made once per e-mail), for signing in with ``PASSWORD``."""
        from atelier.services import accounts

        with self.app.app_context():
            user = accounts.find_by_email(email)
            if user is None:
                name = extra.get("name", email.split("@")[0].title())
                user = accounts.create_user(email, name, PASSWORD, role)
            if extra.get("teams"):
                # Given by name here: the team of each name, made when new.
                from atelier.extensions import db
                from atelier.services.teams import team_for

                ids = [team_for(name).id for name in extra["teams"]]
                db.session.commit()
                accounts.update_user(user.id, role=user.role, active=True, teams=ids)
            return user.id

    def signed_in(self, email: str = "camille@example.org", role: str = "facilitator", **extra):
        """A browser signed in to that account."""
        self.account(email, role, **extra)
        http = self.app.test_client()
        response = http.post("/api/session", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.json
        return http

    def create(self, owner: str = "camille@example.org", **settings) -> tuple[str, object, str]:
        http = self.signed_in(owner)
        response = http.post("/api/workshops", json={"title": "Atelier test", **settings})
        assert response.status_code == 201, response.json
        return response.json["workshop"]["code"], http, response.json["facilitator_key"]

    def facilitator(self, code: str, http, lang: str = "en") -> Client:
        return Client(self.app, http, code, "facilitator", lang)

    def screen(self, code: str, http=None) -> Client:
        return Client(self.app, http or self.app.test_client(), code, "screen")

    def join(self, code: str, name: str, lang: str = "en") -> tuple[Client, dict]:
        http = self.app.test_client()
        response = http.post(
            f"/api/w/{code}/participants", json={"name": name, "client_id": client_id()}
        )
        assert response.status_code == 201, response.json
        phone = Client(self.app, http, code, "phone", lang)
        phone.http = http
        return phone, response.json

    def open_workshop(self, participants=("Zoé", "Karim"), **settings):
        """A workshop in the lobby with its facilitator, screen and phones connected."""
        code, http, key = self.create(**settings)
        facilitator = self.facilitator(code, http)
        facilitator.ok("phase.set", {"phase": "lobby"})
        phones = [self.join(code, name)[0] for name in participants]
        return code, facilitator, self.screen(code), phones

    def at_results(self, names=("Zoé", "Karim", "Amina"), ideas=3, **settings):
        """A workshop played to its results: each person committed to the first two ideas
        (or the first one only, when ``votes_per_person`` is 1)."""
        code, facilitator, screen, phones = self.open_workshop(names, **settings)
        for phase in ("client_ideas", "transposition"):
            facilitator.ok("phase.set", {"phase": phase})
        idea_ids = [
            self.post(phones[0], f"Idée collègue {n}", kind="colleague")["idea_id"]
            for n in range(ideas)
        ]
        facilitator.ok("phase.set", {"phase": "vote"})
        limit = settings.get("votes_per_person", 2)
        for phone in phones:
            phone.ok("vote.set", {"idea_ids": idea_ids[:limit], "client_id": client_id()})
        facilitator.ok("phase.set", {"phase": "results"})
        for page in (facilitator, screen, *phones):
            page.drain()
        return code, facilitator, screen, phones, idea_ids

    @staticmethod
    def post(phone: Client, text: str, kind: str = "client", parent_id=None, cid=None) -> dict:
        return phone.act(
            "idea.post",
            {"kind": kind, "text": text, "parent_id": parent_id, "client_id": cid or client_id()},
        )


def visible_text(page: str) -> str:
    """What a reader sees of a page: tags and the JSON islands out, entities decoded."""
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


def csv_rows(text: str) -> list[dict]:
    """export.csv's rows keyed by its columns' codes (COLUMNS), whatever the
    language of its header row."""
    header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    assert len(header) == len(COLUMNS), header
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]
