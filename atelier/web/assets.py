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
    # A source map is JSON (an unknown extension would be octet-stream).
    mimetype = "application/json" if name.endswith(".map") else None
    return send_from_directory(path.parent, path.name, max_age=86400, mimetype=mimetype)


@bp.get("/healthz")
def health():
    return {"ok": True}
