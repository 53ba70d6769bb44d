"""What a client can make the server log comes out short and rate-limited.

python-engineio and python-socketio log a full traceback for each malformed
packet they fail to parse (``4``, ``42``, ``42{}``, brackets nested
thousands deep…): thousands of packets a second would fill the disk. The
``ClientNoise`` filter keeps such records to one short line (the exception's
type and message) per kind and per minute, with the count of those left
out. A traceback that passes through Atelier's own code is a genuine server
error: it is kept in full, every time.
"""

import logging
import time

# The loggers of the libraries that parse what clients send.
LIBRARY_LOGGERS = ("engineio.server", "socketio.server")
INTERVAL = 60.0
_SHORT = 200
# Kinds remembered at most: templates are few, but a library may put what a
# client sent in its message (then each message is a kind of its own).
_KINDS = 1000


def raised_in_atelier(traceback) -> bool:
    """Whether a frame of the traceback runs Atelier's code (not a library's)."""
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        if module == "atelier" or module.startswith("atelier."):
            return True
        traceback = traceback.tb_next
    return False


def short_error(error: BaseException) -> str:
    """``Type: message`` on one line, cut short: the message may quote the client."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


class ClientNoise(logging.Filter):
    """At most one record per message template and ``interval``; tracebacks shortened."""

    def __init__(self, interval: float = INTERVAL, clock=time.monotonic):
        super().__init__()
        self.interval = interval
        self.clock = clock
        self.last_shown: dict[tuple, float] = {}
        self.left_out: dict[tuple, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and raised_in_atelier(record.exc_info[2]):
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = self.clock()
        shown = self.last_shown.get(key)
        if shown is not None and now - shown < self.interval:
            self.left_out[key] = self.left_out.get(key, 0) + 1
            return False
        if shown is None and len(self.last_shown) >= _KINDS:
            self._forget(now)
        self.last_shown[key] = now
        message = record.getMessage()
        if error is not None:
            message = f"{message}: {short_error(error)}"
        left_out = self.left_out.pop(key, 0)
        if left_out:
            message = f"{message} [{left_out} more like it since the last such line]"
        record.msg, record.args = message, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True

    def _forget(self, now: float) -> None:
        """Drop the kinds last shown over an interval ago (all of them if need be)."""
        stale = [k for k, t in self.last_shown.items() if now - t >= self.interval]
        for key in stale or list(self.last_shown):
            self.last_shown.pop(key, None)
            self.left_out.pop(key, None)


def quiet_client_noise(names=LIBRARY_LOGGERS) -> None:
    """Put one ``ClientNoise`` filter on each logger (once, however many apps are built)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ClientNoise) for f in logger.filters):
            logger.addFilter(ClientNoise())
