"""The bare stack: Flask-SocketIO in gevent mode, run exactly as `atelier serve` runs it.

Same Socket.IO settings as Atelier (atelier/app.py), gevent-websocket, no
database: a connection joins one room (``auth["room"]``, else the same
one for all) and gets a small ``state``; an
``idea.post`` bumps an in-memory version, emits a ``change`` shaped and
sized like Atelier's to the room, and acknowledges like Atelier does.

For bench/vote_storm.py: a connection with ``auth {"view": "facilitator"}``
joins a facilitator room instead; ``vote.set`` checks and stores a ballot in
memory (ideas 1…``--ideas``, at most ``--votes-per-person``, retries by
``client_id`` answered once), then sends the room a ``votes`` op without
tallies, the facilitator room one with the changed tallies, the sender a
``me``, and acknowledges like Atelier; ``sync`` returns the state.

    python -m bench.bare_server --port 5001
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
from collections import Counter  # noqa: E402

from flask import Flask, request, session  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402

ROOM = "room"
FACILITATOR_ROOM = "room:f"
app = Flask(__name__)
app.config["SECRET_KEY"] = "bench-only"
socketio = SocketIO(
    app,
    async_mode="gevent",
    ping_interval=20,
    ping_timeout=25,
    max_http_buffer_size=64 * 1024,
)
version = 0
# What a connection receives; ``--participants``/``--ideas`` make it the size
# of Atelier's phone snapshot for a room that big (bench/reconnect_storm.py).
STATE: dict = {"v": 0}
# The vote, in memory: set by main() from the command line.
settings = {"ideas": 6, "votes_per_person": 2}
ballots: dict[str, list[int]] = {}  # by connection
receipts: dict[tuple[str, str], dict] = {}  # (connection, client_id) → first ack
tallies: Counter = Counter()


@app.get("/healthz")
def healthz():
    return {"ok": True}


# The floor for a page load (bench/phone_load.py): a page with the Socket.IO
# client, served by Flask as it comes (no compression), online once connected.
BARE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head>
<body><p id="status" data-status="connecting">bare</p>
<script src="/socket.io.min.js"></script>
<script>
io().on("state", () => { document.getElementById("status").dataset.status = "online"; });
</script>
</body></html>"""


@app.get("/")
def page():
    return BARE_PAGE


@app.get("/socket.io.min.js")
def socket_client():
    from pathlib import Path

    from flask import send_from_directory

    folder = Path(__file__).resolve().parent.parent / "node_modules/socket.io-client/dist"
    return send_from_directory(folder, "socket.io.min.js")


@app.post("/join")
def join():
    """The floor for a join (bench/join_storm.py): one version, one change to
    the room, as Atelier sends without coalescing; no database."""
    global version
    version += 1
    person = {"id": version, "name": (request.get_json(silent=True) or {}).get("name", "")}
    socketio.emit(
        "change", {"v": version, "ops": [{"type": "participant", "data": person}]}, to=ROOM
    )
    return {"participant": person, "token": f"t{version}"}, 201


@socketio.on("connect")
def on_connect(auth=None):
    auth = auth or {}
    session["name"] = auth.get("name", "")
    session["facilitator"] = auth.get("view") == "facilitator"
    # A phone joins its room (``auth["room"]``, one of many in bench.scale_out).
    session["room"] = FACILITATOR_ROOM if session["facilitator"] else str(auth.get("room", ROOM))
    join_room(session["room"])
    emit("state", {**STATE, **_state(), "me": {"name": session["name"]}})


def _votes(with_tallies: bool, changed=()) -> dict:
    limit = settings["votes_per_person"]
    return {
        "voters": sum(1 for b in ballots.values() if b),
        "complete": sum(1 for b in ballots.values() if len(b) >= limit),
        "limit": limit,
        "tallies": {str(i): tallies[i] for i in changed} if with_tallies else None,
    }


def _state() -> dict:
    every = sorted(tallies) if session.get("facilitator") else ()
    return {"v": version, "votes": _votes(session.get("facilitator", False), every)}


@socketio.on("sync")
def on_sync(payload=None):
    return {"ok": True, "state": _state()}


def _refused(code: str) -> dict:
    return {"ok": False, "error": {"code": code, "message": code}}


@socketio.on("vote.set")
def on_vote(payload):
    global version
    sid = request.sid
    key = (sid, str(payload.get("client_id")))
    if key in receipts:
        return {**receipts[key], "v": None, "duplicate": True}
    ids = payload.get("idea_ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return _refused("invalid_request")
    if len(ids) > settings["votes_per_person"]:
        return _refused("too_many_choices")
    if len(set(ids)) != len(ids):
        return _refused("duplicate_choice")
    if not all(1 <= i <= settings["ideas"] for i in ids):
        return _refused("choice_invalid")
    before, after = set(ballots.get(sid, ())), set(ids)
    tallies.subtract(before - after)
    tallies.update(after - before)
    ballots[sid] = sorted(after)
    version += 1
    changed = sorted(before ^ after)
    public = {"v": version, "ops": [{"type": "votes", "data": _votes(False)}]}
    socketio.emit("change", public, to=ROOM)
    socketio.emit(
        "change",
        {"v": version, "ops": [{"type": "votes", "data": _votes(True, changed)}]},
        to=FACILITATOR_ROOM,
    )
    emit("me", {"v": version, "idea_ids": [], "votes": ballots[sid]})
    receipts[key] = {"ok": True, "v": version, "duplicate": False, "votes": ballots[sid]}
    return receipts[key]


@socketio.on("idea.post")
def on_post(payload):
    global version
    version += 1
    idea = {
        "id": version,
        "kind": payload["kind"],
        "text": payload["text"],
        "parent_id": payload["parent_id"],
        "authors": [session["name"]],
    }
    change = {"v": version, "ops": [{"type": "idea", "data": idea}]}
    socketio.emit("change", change, to=session["room"])
    return {"ok": True, "v": version, "duplicate": False, "idea_id": version}


def room_state(participants: int, ideas: int) -> dict:
    """A state shaped like Atelier's: everyone's name and the ideas posted, built once."""
    if not participants and not ideas:
        return {}
    return {
        "participants": [{"id": i, "name": f"Participant {i}"} for i in range(participants)],
        "ideas": [
            {
                "id": i,
                "kind": "client",
                "text": "Un café offert le lundi matin, et un mot gentil pour l'équipe",
                "parent_id": None,
                "hidden": False,
                "authors": [f"Participant {i}"],
            }
            for i in range(ideas)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--participants", type=int, default=0, help="names in the state")
    parser.add_argument("--state-ideas", type=int, default=0, help="ideas listed in the state")
    parser.add_argument("--ideas", type=int, default=6, help="vote: ideas 1…N")
    parser.add_argument("--votes-per-person", type=int, default=2)
    args = parser.parse_args()
    STATE.update(room_state(args.participants, args.state_ideas))
    settings.update(ideas=args.ideas, votes_per_person=args.votes_per_person)
    socketio.run(app, host="127.0.0.1", port=args.port, log_output=False)


if __name__ == "__main__":
    main()
