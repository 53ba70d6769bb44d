"""The documented contract itself: complete, consistent, and enforced on the tests."""

import json
import re

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from atelier.domain.errors import CODES, Refusal
from atelier.extensions import socketio

from ..contract import ASYNCAPI, DOCS, OPENAPI, ContractError, contract
from ..support import client_id

SCHEMA_FILES = sorted((DOCS / "schemas").glob("*.yaml"))
HTTP_ONLY_CODES = {"not_found", "too_large"}


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _walk(value, (*path, n))


def test_the_openapi_document_is_valid_openapi_3_1():
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, base_uri = read_from_filename(str(OPENAPI))
    validate(document, base_uri=base_uri)


def test_the_asyncapi_document_is_valid_asyncapi_3_0():
    # The official JSON Schema of AsyncAPI 3.0, from npm (package.json).
    spec_path = DOCS.parent / "node_modules/@asyncapi/specs/schemas/3.0.0.json"
    spec = json.loads(spec_path.read_text())
    registry = Registry().with_resource(
        spec["$id"], Resource.from_contents(spec, default_specification=DRAFT7)
    )
    errors = list(Draft7Validator(spec, registry=registry).iter_errors(contract().asyncapi))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_schema_is_valid_for_openapi_and_asyncapi_alike(path):
    # OpenAPI 3.1 reads them as 2020-12, AsyncAPI 3 as draft-07: both must agree.
    for schema in yaml.safe_load(path.read_text())["$defs"].values():
        Draft202012Validator.check_schema(schema)
        Draft7Validator.check_schema(schema)


def test_every_reference_resolves():
    resolved = 0
    for uri, document in contract().documents.items():
        resolver = contract().registry.resolver(base_uri=uri)
        for where, node in _walk(document):
            if isinstance(node.get("$ref"), str):
                assert resolver.lookup(node["$ref"]).contents is not None, (uri, where)
                resolved += 1
    assert resolved > 200


def test_the_documented_codes_are_the_servers():
    documented = set(
        contract().documents[(DOCS / "schemas/errors.yaml").as_uri()]["$defs"]["Code"]["enum"]
    )
    assert documented == CODES | HTTP_ONLY_CODES
    for uri, document in contract().documents.items():
        for where, node in _walk(document):
            if where[-1:] == ("code",) and "enum" in node:
                assert set(node["enum"]) <= documented, (uri, where)


def _flask_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        routes |= {(m.lower(), path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_route_is_documented_and_every_documented_route_exists(app):
    documented = {
        (method, path)
        for path, item in contract().openapi["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert _flask_routes(app) == documented


def test_every_socket_event_is_documented_and_every_documented_event_exists(app):
    handled = {name for name, _, namespace in socketio.handlers if name != "connect"}
    documented = {
        contract().asyncapi["components"]["messages"][ref["$ref"].rsplit("/", 1)[-1]]["name"]
        for op in contract().asyncapi["operations"].values()
        if op["action"] == "receive"
        for ref in op["messages"]
    } - {"connect"}
    assert handled == documented


def test_the_markdown_links_to_the_schemas():
    assert "asyncapi.yaml" in (DOCS / "realtime-api.md").read_text()
    assert "openapi.yaml" in (DOCS / "http-api.md").read_text()
    assert ASYNCAPI.exists() and OPENAPI.exists()


def test_the_markdown_examples_match_the_schemas():
    text = (DOCS / "realtime-api.md").read_text()
    blocks = [
        yaml.safe_load(b) for b in re.findall(r"```json\n(.*?)```", text, re.S) if "…" not in b
    ]
    (state,) = [b for b in blocks if "server_time" in b]
    contract().check(
        (DOCS / "schemas/workshop.yaml").as_uri() + "#/$defs/State", state, "the example"
    )
    (refused,) = [b for b in blocks if b.get("ok") is False]
    contract().check_ack("vote.set", refused)


# ---- the fixture catches what the schemas do not describe --------------------


def test_an_undocumented_event_fails_the_test_that_receives_it(harness):
    code, facilitator, screen, _ = harness.open_workshop([])
    socketio.emit("surprise", {"x": 1}, to=f"w{_workshop_id(harness, code)}")
    with pytest.raises(ContractError, match="event 'surprise' is not documented"):
        screen.drain()


def test_an_undocumented_field_names_the_event_and_the_path(harness):
    code, facilitator, screen, _ = harness.open_workshop([])
    op = {"type": "participant", "data": {"id": 1, "name": "Zoé", "email": "z@example.org"}}
    socketio.emit("change", {"v": 99, "ops": [op]}, to=f"w{_workshop_id(harness, code)}")
    with pytest.raises(ContractError) as caught:
        screen.drain()
    assert "event 'change' (public)" in str(caught.value)
    assert "$.ops[0].data" in str(caught.value)
    assert "'email' was unexpected" in str(caught.value)


def test_a_change_covering_several_versions_is_documented_with_an_integer_from(harness):
    """Joins sent together: ``from``..``v`` (docs/realtime-api.md, `change`)."""
    code, facilitator, screen, _ = harness.open_workshop([])
    wid = _workshop_id(harness, code)
    facilitator.drain()
    ops = [{"type": "participant", "data": {"id": n, "name": f"P{n}"}} for n in (7, 8)]
    for room in (f"w{wid}", f"w{wid}:f"):
        socketio.emit("change", {"v": 99, "from": 98, "ops": ops}, to=room)
    assert [m["args"][0]["from"] for m in screen.sio.get_received()] == [98]
    assert [m["args"][0]["from"] for m in facilitator.sio.get_received()] == [98]
    socketio.emit("change", {"v": 99, "from": "98", "ops": ops}, to=f"w{wid}")
    with pytest.raises(ContractError, match=r"\$\.from"):
        screen.drain()


def test_an_undocumented_code_in_an_ack_fails(harness, monkeypatch):
    from atelier.services import votes

    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])

    def refuse(*args):
        raise Refusal("email_taken")

    monkeypatch.setattr(votes, "set_ballot", refuse)
    with pytest.raises(ContractError, match=r"the ack of 'vote.set'[\s\S]*\$\.error\.code"):
        phone.act("vote.set", {"idea_ids": [], "client_id": client_id()})


def test_an_undocumented_status_or_body_fails(app):
    app.add_url_rule("/api/w/<code>/surprise", "surprise", lambda code: ("", 204))
    with pytest.raises(ContractError, match="the path is not documented"):
        app.test_client().get("/api/w/ABCDEF/surprise")
    app.view_functions["assets.health"] = lambda: {
        "ok": True,
        "database": "ok",
        "queue": "none",
        "load": 0.5,
    }
    with pytest.raises(ContractError, match=r"GET /healthz → 200[\s\S]*'load' was unexpected"):
        app.test_client().get("/healthz")


def _workshop_id(harness, code: str) -> int:
    from atelier.models import Workshop

    with harness.app.app_context():
        return Workshop.query.filter_by(code=code).one().id
