"""What a real client sees on the wire of `atelier serve` (gevent), checked
against docs/asyncapi.yaml: the test client does not show Socket.IO's packets."""

import socketio

from ..contract import contract
from ..servers import running_server


def test_a_refused_connection_gives_socketio_clients_the_code_as_data(tmp_path):
    env = {"ATELIER_DATABASE_URL": f"sqlite:///{tmp_path / 'wire.sqlite3'}"}
    with running_server(env, tmp_path / "server.log") as base:
        client = socketio.Client(reconnection=False)
        refusals = []
        client.on("connect_error", refusals.append)
        try:
            client.connect(
                base, auth={"code": "ZZZZZZ", "view": "screen", "lang": "en"},
                transports=["websocket"], wait_timeout=5,
            )  # fmt: skip
        except socketio.exceptions.ConnectionError:
            pass
        finally:
            client.disconnect()
    (refused,) = refusals
    contract().check_event("connect_error", refused, "public")
    # socket.io-client: `err.message` is the message, `err.data` the object.
    assert refused["data"]["code"] == "workshop_not_found"
    assert (
        refused["message"]
        == refused["data"]["message"]
        == ("No workshop has this code. Check the code on the screen.")
    )
