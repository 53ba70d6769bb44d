"""Engine.IO's long-polling, made to answer every request it refuses."""

import socketio


def answer_refused_posts(server: socketio.Server) -> None:
    """Close a session without waiting for a GET that may never come.

    python-engineio refuses a long-polling POST over ``max_http_buffer_size``
    (or with an unknown packet type) by closing the session, and only then
    answers 400. But its ``Socket.close`` waits until a GET has taken the
    CLOSE packet from the queue: a client with no GET pending was never
    answered, and the request (and its connection) stayed open for good.
    Closing without waiting still queues the CLOSE packet, so a pending GET
    gets it as before. Only this path calls ``disconnect`` with a session id.
    """
    engine = server.eio
    disconnect_everyone = engine.disconnect

    def disconnect(sid=None):
        if sid is None:
            return disconnect_everyone()
        socket = engine.sockets.get(sid)
        if socket is not None:
            socket.close(wait=False, reason=engine.reason.SERVER_DISCONNECT)
            engine.sockets.pop(sid, None)

    engine.disconnect = disconnect
