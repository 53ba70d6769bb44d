"""The six-character code people type to join.

No look-alikes: 0/O, 1/I/L are left out, so a code read from the back of a
room is typed right the first time.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6


def new_code(choice=secrets.choice) -> str:
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def normalize(raw: object) -> str | None:
    """The code as stored, from what someone typed; None if it cannot be one."""
    if not isinstance(raw, str):
        return None
    code = "".join(ch for ch in raw.upper() if not ch.isspace() and ch != "-")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
