"""Front-end libraries installed from npm (package.json), served by the app."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("assets", __name__)

# Only these files leave node_modules.
VENDORED = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
    "socket.io.min.js.map": "socket.io-client/dist/socket.io.min.js.map",
}


@bp.get("/vendor/<name>")
def vendor(name: str):
    relative = VENDORED.get(name)
    if relative is None:
        abort(404)
    path = Path(current_app.config["NODE_MODULES"]) / relative
    response = send_from_directory(path.parent, path.name, max_age=86400)
    return response


@bp.get("/healthz")
def health():
    return {"ok": True}
