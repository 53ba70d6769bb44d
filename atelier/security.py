"""Cross-site request forgery, and the HTTP response headers that keep pages from
being framed, sniffed or injected into.

The pages load scripts and styles from this origin only and carry no inline
script or style, so the Content-Security-Policy can forbid both.
"""

from flask import Flask, request

from .extensions import csrf
from .web.assets import STATIC_ENDPOINTS

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        # 'self' covers ws:// and wss:// to this host (CSP level 3).
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Secret links (facilitator, return, manager) must not leak in Referer.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Scripts, styles and fonts are never documents: the policies above mean
# nothing to them, and repeated on a phone's dozen files they cost ~5 KB.
NOT_DOCUMENTS = ("text/javascript", "text/css", "font/", "image/png", "application/json")


def init_app(app: Flask) -> None:
    # Every form post, and any other POST/PUT/PATCH/DELETE outside /api/,
    # needs the session's token: a form field, or the X-CSRFToken header for
    # a script (a JSON body on a form route included). Templates read it
    # with csrf_token().
    csrf.init_app(app)

    @app.after_request
    def secure_headers(response):
        if request.endpoint in STATIC_ENDPOINTS and response.mimetype.startswith(NOT_DOCUMENTS):
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            return response
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
