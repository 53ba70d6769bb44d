"""The API contract (docs/openapi.yaml, docs/asyncapi.yaml, docs/schemas/), checked
on every HTTP response, Socket.IO event and acknowledgement the tests receive.

tests/conftest.py wraps the test clients (Flask's and Flask-SocketIO's) for
every test: anything the server sends that the schemas do not describe
fails the test that received it, saying which event or route and where in
the payload. The schemas are loaded and compiled once per session.
"""

import functools
import re
from pathlib import Path
from urllib.parse import quote

import jsonschema_rs
import yaml
from flask.testing import FlaskClient
from flask_socketio.test_client import SocketIOTestClient
from jsonschema import Draft202012Validator
from jsonschema.exceptions import relevance
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from socketio import packet

DOCS = Path(__file__).resolve().parent.parent / "docs"
OPENAPI = DOCS / "openapi.yaml"
ASYNCAPI = DOCS / "asyncapi.yaml"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


class ContractError(AssertionError):
    """The server sent something its documented contract does not allow."""


def _pointer(*parts: str) -> str:
    """A JSON pointer for a URI fragment (`{code}` percent-encoded)."""
    escaped = (p.replace("~", "~0").replace("/", "~1") for p in parts)
    return "/".join(quote(p, safe="~") for p in escaped)


class Contract:
    def __init__(self):
        self.documents = {}
        for path in [OPENAPI, ASYNCAPI, *sorted((DOCS / "schemas").glob("*.yaml"))]:
            self.documents[path.as_uri()] = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.registry = Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
            for uri, doc in self.documents.items()
        )
        self.rs_registry = jsonschema_rs.Registry(list(self.documents.items()))
        self.openapi = self.documents[OPENAPI.as_uri()]
        self.asyncapi = self.documents[ASYNCAPI.as_uri()]
        self.routes = [
            (re.compile(_route_regex(template)), template, item)
            for template, item in self.openapi["paths"].items()
        ]
        # Socket.IO messages by event name; `change` has one per audience.
        self.messages: dict[tuple[str, str | None], str] = {}
        for key, message in self.asyncapi["components"]["messages"].items():
            name, audience = message["name"], message.get("x-audience")
            self.messages[(name, audience)] = (
                f"{ASYNCAPI.as_uri()}#/components/messages/{_pointer(key)}/payload"
            )

    @functools.cache  # noqa: B019  one Contract per session
    def fast_validator(self, uri: str):
        """Rust-compiled (jsonschema-rs): the check that runs on every message."""
        return jsonschema_rs.Draft202012Validator(
            {"$ref": uri}, registry=self.rs_registry, validate_formats=True
        )

    @functools.cache  # noqa: B019
    def validator(self, uri: str) -> Draft202012Validator:
        """Pure Python (jsonschema): explains a failure, with the most relevant error first."""
        return Draft202012Validator(
            {"$ref": uri},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def check(self, uri: str, instance: object, what: str) -> None:
        if self.fast_validator(uri).is_valid(instance):
            return
        lines = [f"{what} does not match its schema ({_short(uri)}):"]
        errors = sorted(self.validator(uri).iter_errors(instance), key=relevance, reverse=True)
        for error in errors[:3]:
            lines.append(f"  at {error.json_path}: {error.message[:300]}")
        if not errors:  # a format only jsonschema-rs checks
            for error in list(self.fast_validator(uri).iter_errors(instance))[:3]:
                path = "$" + "".join(
                    f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.instance_path
                )
                lines.append(f"  at {path}: {error.message[:300]}")
        raise ContractError("\n".join(lines))

    # ---- Socket.IO ---------------------------------------------------------

    def check_event(self, name: str, payload: object, audience: str) -> None:
        uri = self.messages.get((name, audience)) or self.messages.get((name, None))
        if uri is None or name.endswith(".ack"):
            raise ContractError(f"event {name!r} is not documented in docs/asyncapi.yaml")
        self.check(uri, payload, f"event {name!r} ({audience})")

    def check_accepted(self, event: str, payload: object) -> None:
        """A payload the server accepted must be one the schema allows: else the
        documented request is stricter than the server, and clients are misled."""
        uri = self.messages.get((event, None))
        if uri is None:
            raise ContractError(f"event {event!r} is not documented in docs/asyncapi.yaml")
        if payload is None:
            payload = {}  # an event sent without payload is taken as {}
        if isinstance(payload, dict):
            # The server ignores unknown top-level fields (docs/realtime-api.md).
            resolved = self.registry.resolver().lookup(uri)
            while "$ref" in resolved.contents:
                resolved = resolved.resolver.lookup(resolved.contents["$ref"])
            known = resolved.contents.get("properties", {})
            payload = {k: v for k, v in payload.items() if k in known}
        self.check(uri, payload, f"the accepted payload of {event!r}")

    def check_ack(self, event: str, ack: object) -> None:
        uri = self.messages.get((f"{event}.ack", None))
        if uri is None:
            raise ContractError(f"event {event!r} has no acknowledgement in docs/asyncapi.yaml")
        self.check(uri, ack, f"the ack of {event!r}")

    # ---- HTTP --------------------------------------------------------------

    def check_response(self, method: str, path: str, response) -> None:
        method = method.lower()
        if method not in HTTP_METHODS:
            return
        status = str(response.status_code)
        what = f"{method.upper()} {path} → {status}"
        matched = [(template, item) for regex, template, item in self.routes if regex.match(path)]
        if not matched:
            # Any other path: the standard "not found" answer.
            if status != "404":
                raise ContractError(f"{what}: the path is not documented in docs/openapi.yaml")
            return self._check_error_body(what, path, response)
        template, item = matched[0]
        operation = item.get(method)
        if operation is None:
            if status != "405":
                raise ContractError(f"{what}: {method.upper()} is not documented for {template}")
            return self._check_error_body(what, path, response)
        documented = operation["responses"]
        key = status if status in documented else "default" if "default" in documented else None
        if key is None:
            raise ContractError(
                f"{what}: status {status} is not documented for {method.upper()} {template} "
                f"(documented: {', '.join(documented)})"
            )
        spec = self._resolve(documented[key])
        pointer = f"#/paths/{_pointer(template)}/{method}/responses/{key}"
        if "$ref" in documented[key]:
            pointer = documented[key]["$ref"]
        for header, header_spec in (spec.get("headers") or {}).items():
            header_spec = self._resolve(header_spec)
            if header_spec.get("required") and header not in response.headers:
                raise ContractError(f"{what}: the documented header {header} is missing")
        content = spec.get("content") or {}
        mimetype = response.mimetype
        if not content:
            if response.get_data() and status not in ("302", "303", "301"):
                raise ContractError(f"{what}: a body ({mimetype}) where none is documented")
            return
        media = _media_type(mimetype, content)
        if media is None:
            raise ContractError(
                f"{what}: content type {mimetype!r} is not documented "
                f"(documented: {', '.join(content)})"
            )
        if media == "application/json":
            body = response.get_json(silent=True)
            if body is None:
                raise ContractError(f"{what}: the body is not JSON")
            uri = f"{OPENAPI.as_uri()}{pointer}/content/{_pointer(media)}/schema"
            self.check(uri, body, what)

    def _check_error_body(self, what: str, path: str, response) -> None:
        if path.startswith("/api/"):
            if response.mimetype != "application/json":
                raise ContractError(f"{what}: an /api/ error must be JSON, not {response.mimetype}")
            uri = (DOCS / "schemas" / "errors.yaml").as_uri() + "#/$defs/ErrorBody"
            self.check(uri, response.get_json(silent=True), what)
        elif response.mimetype != "text/html":
            raise ContractError(f"{what}: an error page must be HTML, not {response.mimetype}")

    def _resolve(self, spec: dict) -> dict:
        while "$ref" in spec:
            ref = spec["$ref"]
            assert ref.startswith("#/"), ref
            spec = self.openapi
            for part in ref[2:].split("/"):
                spec = spec[part.replace("~1", "/").replace("~0", "~")]
        return spec


def _route_regex(template: str) -> str:
    # `/static/{filename}` spans several segments, like Flask's `<path:…>`.
    pattern = re.sub(r"\{filename\}", "(.+)", template)
    pattern = re.sub(r"\{[^}]+\}", "([^/]+)", pattern)
    return f"^{pattern}$"


def _media_type(mimetype: str, content: dict) -> str | None:
    if mimetype in content:
        return mimetype
    if "*/*" in content:
        return "*/*"
    return None


def _short(uri: str) -> str:
    return uri.replace(DOCS.as_uri() + "/", "docs/")


@functools.cache
def contract() -> Contract:
    return Contract()


# ---- the wrapped test clients --------------------------------------------------


def checked_open(original):
    """Flask's test client, checking every response (redirects followed included)."""

    @functools.wraps(original)
    def open(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        for answer in [*getattr(response, "history", ()), response]:
            request = answer.request
            contract().check_response(request.method, request.path, answer)
        return response

    return open


def _audience(auth: object) -> str:
    view = auth.get("view") if isinstance(auth, dict) else None
    return "facilitator" if view == "facilitator" else "public"


class CheckedSocketClient(SocketIOTestClient):
    """Flask-SocketIO's test client, checking every event and ack it receives.

    ``connect_error`` holds the payload of a refused handshake (the test
    client does not keep it otherwise), checked like an event.
    """

    def __init__(self, app, socketio, namespace=None, query_string=None, headers=None, **kw):
        self.audience = _audience(kw.get("auth"))
        self.connect_error = None
        self._socketio = socketio
        super().__init__(app, socketio, namespace, query_string, headers, **kw)

    def connect(self, namespace=None, query_string=None, headers=None, auth=None):
        self.audience = _audience(auth)
        _watch_connect_errors(self._socketio.server)
        return super().connect(namespace, query_string, headers, auth)

    def get_received(self, namespace=None):
        received = super().get_received(namespace)
        for message in received:
            self._check(message)
        return received

    def _check(self, message: dict) -> None:
        args = message["args"]
        if len(args) != 1:
            raise ContractError(f"event {message['name']!r} carries {len(args)} arguments, not 1")
        contract().check_event(message["name"], args[0], self.audience)

    def emit(self, event, *args, **kwargs):
        wants_ack = kwargs.get("callback", False)
        ack = super().emit(event, *args, **kwargs)
        if wants_ack:
            contract().check_ack(event, ack)
            if isinstance(ack, dict) and ack.get("ok") and not ack.get("duplicate"):
                contract().check_accepted(event, args[0] if args else None)
        return ack

    def leftovers(self) -> None:
        """Events the test never read are checked too (once each)."""
        checked = self.__dict__.setdefault("_checked", set())
        for message in self.queue:
            if id(message) not in checked:
                self._check(message)
                checked.add(id(message))


def _watch_connect_errors(server) -> None:
    """Keep (and check) CONNECT_ERROR packets, which the test client drops."""
    send = server._send_packet
    if getattr(send, "keeps_connect_errors", False):
        return

    def send_packet(eio_sid, pkt):
        client = SocketIOTestClient.clients.get(eio_sid)
        if pkt.packet_type == packet.CONNECT_ERROR and isinstance(client, CheckedSocketClient):
            client.connect_error = pkt.data
            contract().check_event("connect_error", pkt.data, client.audience)
        return send(eio_sid, pkt)

    send_packet.keeps_connect_errors = True
    server._send_packet = send_packet


def install() -> None:
    """Wrap the test clients for the whole session (module fixtures included)."""
    import flask_socketio

    if not getattr(FlaskClient.open, "checks_contract", False):
        FlaskClient.open = checked_open(FlaskClient.open)
        FlaskClient.open.checks_contract = True
    flask_socketio.SocketIOTestClient = CheckedSocketClient


def check_leftovers() -> None:
    """Events a test's clients received but never read; clients of module fixtures
    stay (their events are checked when read, or by the test that ends the module)."""
    for client in list(SocketIOTestClient.clients.values()):
        if isinstance(client, CheckedSocketClient):
            client.leftovers()
