"""The bare stack: Flask-SocketIO in gevent mode, run exactly as `atelier serve` runs it.

Same Socket.IO settings as Atelier (atelier/app.py), gevent-websocket, no
database: a connection joins one room and gets a small ``state``; an
``idea.post`` bumps an in-memory version, emits a ``change`` shaped and
sized like Atelier's to the room, and acknowledges like Atelier does.

    python -m bench.bare_server --port 5001
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402

from flask import Flask, request, session  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402

ROOM = "room"
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
    session["name"] = (auth or {}).get("name", "")
    join_room(ROOM)
    emit("state", {**STATE, "v": version, "me": {"name": session["name"]}})


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
    socketio.emit("change", {"v": version, "ops": [{"type": "idea", "data": idea}]}, to=ROOM)
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
    parser.add_argument("--ideas", type=int, default=0, help="ideas in the state")
    args = parser.parse_args()
    STATE.update(room_state(args.participants, args.ideas))
    socketio.run(app, host="127.0.0.1", port=args.port, log_output=False)


if __name__ == "__main__":
    main()
