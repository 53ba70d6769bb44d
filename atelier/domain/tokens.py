"""Secret links, derived rather than stored.

A participant's return link and a facilitator's link carry a token made
from the server's secret key, the record's id and a per-record nonce. The
database keeps only the nonce, so a leaked database gives no working link,
yet the server can show a link again (a new device, a lost page), and a new
nonce revokes it.
"""

import base64
import hashlib
import hmac
import secrets


def new_nonce() -> str:
    return secrets.token_hex(16)


def _signature(secret: bytes, purpose: str, record_id: int, nonce: str) -> str:
    digest = hmac.new(secret, f"{purpose}:{record_id}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:24]).decode().rstrip("=")


def make_token(secret: bytes, purpose: str, record_id: int, nonce: str) -> str:
    return f"{record_id}-{_signature(secret, purpose, record_id, nonce)}"


def token_id(token: object) -> int | None:
    """The record id a token claims to be for, before it is checked."""
    if not isinstance(token, str) or len(token) > 80 or not token.isascii():
        return None
    head, _, _ = token.partition("-")
    return int(head) if head.isdigit() and len(head) < 10 else None


def check_token(secret: bytes, purpose: str, record_id: int, nonce: str, token: str) -> bool:
    expected = make_token(secret, purpose, record_id, nonce)
    return hmac.compare_digest(expected.encode(), token.encode())
