"""Static files and the front-end libraries installed from npm (package.json),
served compressed under content-hashed URLs (atelier/asset_catalogue.py).

Templates keep writing ``url_for('static', filename='js/phone.js')``; the URL
they get is ``/static/<digest>/js/phone.js``, cached for a year. The plain
path still works (revalidated on every use), for an old page or a bookmark.
"""

import threading
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Flask, Response, abort, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from ..asset_catalogue import Catalogue, signature_of
from ..services import health as health_checks

bp = Blueprint("assets", __name__)

# Only these files leave node_modules. The pages import the Socket.IO client
# as an ES module among theirs (js/vendor/, so it shares their digest); the
# classic script stays at /vendor/<name> for clients that load it by hand.
VENDORED = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
    "socket.io.min.js.map": "socket.io-client/dist/socket.io.min.js.map",
}
MODULES = {
    "js/vendor/socket.io.esm.min.js": "socket.io-client/dist/socket.io.esm.min.js",
    "js/vendor/socket.io.esm.min.js.map": "socket.io-client/dist/socket.io.esm.min.js.map",
}
FOREVER = "public, max-age=31536000, immutable"
# Built once per set of files: tests build many apps on the same files.
_catalogues: dict[tuple, Catalogue] = {}
_lock = threading.Lock()


# Files that are the same for everyone: no cookie goes out with them.
STATIC_ENDPOINTS = frozenset({"static", "assets.vendor"})


def cookie_secure(app: Flask) -> bool:
    """Cookies travel only over HTTPS when ATELIER_PUBLIC_URL says https, and
    whenever the request came over HTTPS: behind nginx, as its
    X-Forwarded-Proto says (trusted with ATELIER_PROXY_HOPS)."""
    over_https = has_request_context() and request.is_secure
    return bool(app.config["SESSION_COOKIE_SECURE"] or over_https)


class NoCookieOnStaticFiles(SecureCookieSessionInterface):
    """Flask's signed-cookie session, left out of static files.

    A permanent session is signed again and sent on every response; on a file
    cached `public` for a year, that would hand one visitor's keys to anyone
    behind the same cache, and `Vary: Cookie` would make the browser fetch
    the file again whenever the cookie changed.
    """

    def get_cookie_secure(self, app) -> bool:
        return cookie_secure(app)

    def save_session(self, app, session, response):
        if request.endpoint in STATIC_ENDPOINTS:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=static_file)
    app.session_interface = NoCookieOnStaticFiles()

    @app.url_defaults
    def content_hashed(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = catalogue().url_path(values["filename"])

    @app.context_processor
    def asset_helpers():
        return {
            "module_preloads": lambda entry: catalogue().module_graph(entry),
            "inline_image": inline_image,
        }


def inline_image(path: str) -> str:
    """A small image as a data: URI: one request fewer on a slow phone."""
    asset = catalogue().assets[path]
    return f"data:{asset.mimetype},{quote(asset.data.decode())}"


def catalogue() -> Catalogue:
    app = current_app
    built = app.extensions.get("atelier.assets")
    # While developing (debug), an edited file is served at its new URL at once.
    if built is None or app.debug:
        static_root, extra = Path(app.static_folder), _vendored(app)
        signature = signature_of(static_root, extra)
        with _lock:
            built = _catalogues.get(signature)
            if built is None:
                built = _catalogues[signature] = Catalogue(static_root, extra)
        app.extensions["atelier.assets"] = built
    return built


def _vendored(app: Flask) -> dict[str, Path]:
    npm = Path(app.config["NODE_MODULES"])
    files = {f"vendor/{name}": npm / relative for name, relative in VENDORED.items()}
    files.update({path: npm / relative for path, relative in MODULES.items()})
    return files


def static_file(filename: str):
    asset, current = catalogue().find(filename)
    if asset is None:
        abort(404)
    encoding = _encoding_for(asset)
    response = Response(asset.body(encoding), mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(f"{asset.digest}-{encoding or 'identity'}")
    # An old digest (a page loaded before a release) gets today's file, not cached.
    response.headers["Cache-Control"] = FOREVER if current else "no-cache"
    return response.make_conditional(request)


def _encoding_for(asset) -> str | None:
    if not asset.compressible:
        return None
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if accepted[encoding]:
            return encoding
    return None


@bp.get("/vendor/<name>")
def vendor(name: str):
    """The npm files at their first address (pages now use /static/<digest>/vendor/)."""
    if name not in VENDORED:
        abort(404)
    return static_file(f"vendor/{name}")


@bp.get("/healthz")
def health():
    """For load balancers and monitors: 503 when the database or the queue is down."""
    report = health_checks.report()
    return report, 200 if report["ok"] else 503
