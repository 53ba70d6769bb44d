"""A lean Socket.IO client for the load side: asyncio, WebSocket only, no dependency.

One `SioClient` is one `asyncio.Protocol` on one TCP connection: it does the
WebSocket upgrade, parses server frames (unmasked, RFC 6455) and speaks the
Engine.IO v4 / Socket.IO v5 text protocol: ``0{…}`` open → ``40{auth}``
connect, ``2``→``3`` pings, ``42[…]`` events, ``42<id>[…]`` / ``43<id>[…]``
acks. Receiving a frame costs a few microseconds of Python, so a thousand
clients fit in one process beside the server they measure.
"""

import asyncio
import base64
import json
import os
import socket
import struct
import time

PATH = "/socket.io/?EIO=4&transport=websocket"


def _frame(text: str) -> bytes:
    """A masked text frame, as clients must send (RFC 6455 §5.3)."""
    payload = text.encode()
    n = len(payload)
    if n < 126:
        head = bytes((0x81, 0x80 | n))
    elif n < 1 << 16:
        head = bytes((0x81, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x81, 0x80 | 127)) + n.to_bytes(8, "big")
    mask = os.urandom(4)
    key = (mask * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
    return head + mask + masked


class SioClient(asyncio.Protocol):
    """A Socket.IO connection; ``changes`` collects ``(arrival time, raw frame)``."""

    def __init__(self, host: str, port: int, auth: dict, sticky: str | None = None):
        loop = asyncio.get_running_loop()
        self.host, self.port, self.auth = host, port, auth
        # What a page adds to its Socket.IO URL (static/js/live.js): nginx
        # sends every connection with the same key to the same worker.
        self.path = PATH + (f"&sticky={sticky}" if sticky else "")
        self.ready = loop.create_future()  # the first "state" event after connecting
        self.state = ""  # that event's raw frame
        self.changes: list[tuple[float, str]] = []
        self._acks: dict[int, asyncio.Future] = {}
        self._next_id = 0
        self._buf = bytearray()
        self._upgraded = False
        self._fragments: list[bytes] = []
        self.transport = None

    # -- asyncio.Protocol ------------------------------------------------
    def connection_made(self, transport):
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )

    def connection_lost(self, exc):
        error = exc or ConnectionError("connection closed")
        for future in (self.ready, *self._acks.values()):
            if not future.done():
                future.set_exception(error)

    def data_received(self, data: bytes):
        now = time.perf_counter()  # one timestamp for everything in this read
        buf = self._buf
        buf += data
        if not self._upgraded:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[: buf.find(b"\r\n")])
            if b" 101 " not in status:
                self._fail(ConnectionError(f"upgrade refused: {status!r}"))
                return
            del buf[: end + 4]
            self._upgraded = True
        pos, size = 0, len(buf)
        while size - pos >= 2:
            b0, n = buf[pos], buf[pos + 1] & 0x7F
            head = 2
            if n == 126:
                if size - pos < 4:
                    break
                n, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif n == 127:
                if size - pos < 10:
                    break
                n, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            if size - pos < head + n:
                break
            payload = bytes(buf[pos + head : pos + head + n])
            pos += head + n
            opcode = b0 & 0x0F
            if opcode in (0, 1):  # text, or a continuation of one
                self._fragments.append(payload)
                if b0 & 0x80:  # FIN
                    text = b"".join(self._fragments).decode()
                    self._fragments.clear()
                    self._packet(text, now)
            elif opcode == 9:  # ping → pong
                self.transport.write(bytes((0x8A, 0x80)) + os.urandom(4))
            elif opcode == 8:
                self.transport.close()
                break
        del buf[:pos]

    # -- Engine.IO / Socket.IO -------------------------------------------
    def _packet(self, text: str, now: float) -> None:
        if text.startswith('42["change"'):
            self.changes.append((now, text))
        elif text == "2":
            self.send("3")
        elif text.startswith("43"):
            i = 2
            while text[i].isdigit():
                i += 1
            future = self._acks.pop(int(text[2:i]), None)
            if future is not None and not future.done():
                future.set_result((now, json.loads(text[i:])[0]))
        elif text.startswith('42["state"'):
            if not self.ready.done():
                self.state = text
                self.ready.set_result(now)
        elif text.startswith("0{"):
            self.send("40" + json.dumps(self.auth))
        elif text.startswith("44"):
            self._fail(ConnectionError(f"connection refused: {text[2:]}"))

    def _fail(self, error: Exception) -> None:
        if not self.ready.done():
            self.ready.set_exception(error)
        self.transport.close()

    def send(self, text: str) -> None:
        self.transport.write(_frame(text))

    def call(self, event: str, data) -> tuple[float, asyncio.Future]:
        """Emit with an ack; returns the send time and a future of ``(time, ack)``."""
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._acks[self._next_id] = future
        frame = _frame(f"42{self._next_id}" + json.dumps([event, data]))
        sent = time.perf_counter()
        self.transport.write(frame)
        return sent, future

    async def ask(self, event: str, data, timeout: float = 30) -> dict:
        _, future = self.call(event, data)
        _, ack = await asyncio.wait_for(future, timeout)
        return ack

    def drop(self) -> None:
        """Vanish like a phone losing its network: a TCP reset, no Socket.IO goodbye."""
        if self.transport is not None and not self.transport.is_closing():
            sock = self.transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.transport.abort()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.send("41")
            self.transport.close()


async def connect(
    port: int,
    auth: dict,
    timeout: float = 30,
    *,
    sticky: str | None = None,
    source: str | None = None,
) -> SioClient:
    """Open a connection and wait for the server's first ``state`` event.

    ``sticky``: the page's stickiness key; ``source``: the loopback address to
    connect from (127.x.y.z), as phones come from several addresses."""
    loop = asyncio.get_running_loop()
    _, client = await asyncio.wait_for(
        loop.create_connection(
            lambda: SioClient("127.0.0.1", port, auth, sticky),
            "127.0.0.1",
            port,
            local_addr=(source, 0) if source else None,
        ),
        timeout,
    )
    try:
        await asyncio.wait_for(client.ready, timeout)
    except BaseException:
        client.close()
        raise
    return client
