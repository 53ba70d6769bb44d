"""HTTP response headers that keep pages from being framed, sniffed or injected into.

The pages load scripts and styles from this origin only and carry no inline
script or style, so the Content-Security-Policy can forbid both.
"""

import hmac
import secrets

from flask import Flask, request, session

from .domain.errors import Refusal

_CSRF_KEY = "csrf"

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


def csrf_token() -> str:
    """The session's token, put in every form by the ``csrf_field`` macro."""
    if _CSRF_KEY not in session:
        session[_CSRF_KEY] = secrets.token_urlsafe(24)
    return session[_CSRF_KEY]


def check_csrf() -> None:
    """Forms posted from another site carry no valid token: refused.

    JSON routes under /api/ need no token: a page of another site cannot send
    them JSON without a CORS preflight, which this app never grants.
    """
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    if request.path.startswith("/api/") or request.is_json:
        return
    sent = request.form.get("csrf_token", "")
    expected = session.get(_CSRF_KEY, "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Refusal("csrf_failed")


def init_app(app: Flask) -> None:
    app.before_request(check_csrf)
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.after_request
    def secure_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
