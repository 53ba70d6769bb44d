"""The bare stack: Flask-SocketIO in gevent mode, run exactly as `atelier serve` runs it.

Same Socket.IO settings as Atelier (atelier/app.py), gevent-websocket, no
database: a connection joins one room (``auth["room"]``, else the same
one for all) and gets a small ``state``; an
``idea.post`` bumps an in-memory version, emits a ``change`` shaped and
sized like Atelier's to the room, and acknowledges like Atelier does.

    python -m bench.bare_server --port 5001
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402

from flask import Flask, session  # noqa: E402
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


@socketio.on("connect")
def on_connect(auth=None):
    session["name"] = (auth or {}).get("name", "")
    session["room"] = str((auth or {}).get("room", ROOM))
    join_room(session["room"])
    emit("state", {"v": version})


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5001)
    args = parser.parse_args()
    socketio.run(app, host="127.0.0.1", port=args.port, log_output=False)


if __name__ == "__main__":
    main()
