"""Who may do what: every HTTP route and every socket event, for every kind of visitor.

Each route (endpoint and method) and each socket event has one row below, naming
the roles that are allowed; every other role must be refused. The first tests
fail when a route or event is registered without a row, or a row names one that
no longer exists, so nothing new is reachable before someone decides who may
use it.

The roles, all about workshop A (whose team is ``TEAM``):

- ``anonymous``: a browser that holds nothing;
- ``participant_a``: joined A (the cookie remembers them);
- ``participant_b``: joined another workshop, B, only;
- ``owner``: signed in to the account that created A, on another browser than
  the one it was created on (so the account counts, not the link); it leads
  A's team;
- ``other_facilitator``: a facilitator account, owner of B;
- ``manager``: a manager of A's team;
- ``other_manager``: a manager of B's team only;
- ``admin``: an admin account that does not own A;
- ``co_facilitator``: a facilitator account whose address the owner invited to A;
- ``link_holder``: an anonymous browser that opened A's facilitator link.

For HTTP, "refused" is 401 or 403, or a redirect to the sign-in page; anything
else below 500 is "allowed" (a 400 for a wrong current password still means
the route let the account in). A 404 is never a refusal. For socket events,
"allowed" means the ack, if it fails, fails for another reason than identity
(a ``wrong_phase`` proves the check passed).
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from atelier.extensions import db, socketio
from atelier.models import Invitation, ShareLink
from atelier.services import accounts, bilan, identity, share_links, workshops
from atelier.services.identity import Identity, find_workshop

from ..support import PASSWORD, Harness, client_id

ANONYMOUS = "anonymous"
PARTICIPANT_A = "participant_a"
PARTICIPANT_B = "participant_b"
OWNER = "owner"
OTHER_FACILITATOR = "other_facilitator"
MANAGER = "manager"
OTHER_MANAGER = "other_manager"
ADMIN = "admin"
CO_FACILITATOR = "co_facilitator"
LINK_HOLDER = "link_holder"
ROLES = (
    ANONYMOUS,
    PARTICIPANT_A,
    PARTICIPANT_B,
    OWNER,
    OTHER_FACILITATOR,
    MANAGER,
    OTHER_MANAGER,
    ADMIN,
    CO_FACILITATOR,
    LINK_HOLDER,
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = frozenset({OWNER, OTHER_FACILITATOR, MANAGER, OTHER_MANAGER, ADMIN, CO_FACILITATOR})
CAN_FACILITATE = frozenset({OWNER, OTHER_FACILITATOR, ADMIN, CO_FACILITATOR})
FACILITATORS_OF_A = frozenset({OWNER, CO_FACILITATOR, LINK_HOLDER})
NOBODY = frozenset()

TEAM = "Agence de Rennes"
TEAM_B = "Agence de Brest"
OWNER_EMAIL = "owner@example.org"
OTHER_EMAIL = "other@example.org"
MANAGER_EMAIL = "manager@example.org"
OTHER_MANAGER_EMAIL = "manager-b@example.org"
ADMIN_EMAIL = "admin@example.org"
CO_EMAIL = "co@example.org"
SPARE_EMAIL = "spare@example.org"  # invited, edited by the admin: nobody's role
VISITOR_EMAIL = "visitor@example.org"  # what the sign-in forms sign in to

# Refusals of identity; any other error code means the identity check passed.
REFUSAL_CODES = frozenset(
    {"not_facilitator", "not_participant", "unauthenticated", "login_required", "not_owner"}
    | {"not_admin"}
)


@dataclass(frozen=True)
class Rule:
    """Who may send one request, and the request that shows it.

    ``{a}``, ``{key_a}``, … in the path and in form or JSON values are filled
    from the world (see ``World.values``); ``{n}`` and ``{cid}`` are new for each
    request. ``wrong`` lists requests with a wrong credential in the URL, which
    every role must be refused. ``refusals`` adds refusal statuses to 401/403 for
    this row only.
    """

    allowed: frozenset
    path: str
    data: dict | None = None
    json: dict | None = None
    wrong: tuple[str, ...] = ()
    refusals: tuple[int, ...] = ()


def form(allowed, path, **data) -> Rule:
    return Rule(frozenset(allowed), path, data=data)


def api(allowed, path, **body) -> Rule:
    return Rule(frozenset(allowed), path, json=body)


def page(allowed, path, *, wrong=(), refusals=()) -> Rule:
    return Rule(frozenset(allowed), path, wrong=wrong, refusals=refusals)


GET, POST, DELETE = "GET", "POST", "DELETE"
POLICY: dict[tuple[str, str], Rule] = {
    # Public: anyone, with or without an account or a workshop.
    ("home.index", GET): page(EVERYONE, "/"),
    ("home.join", GET): page(EVERYONE, "/join?code={a}"),
    ("home.join", POST): form(EVERYONE, "/join", code="{a}"),
    ("auth.login", GET): page(EVERYONE, "/login"),
    ("auth.login", POST): form(EVERYONE, "/login", email=VISITOR_EMAIL, password=PASSWORD),
    ("auth.signup", GET): page(EVERYONE, "/signup"),
    ("auth.signup", POST): form(
        EVERYONE, "/signup", email="new{n}@example.org", name="Nouvelle", password=PASSWORD
    ),
    ("auth.signed_up", GET): page(EVERYONE, "/signup/done"),
    ("auth.logout", POST): form(EVERYONE, "/logout"),
    ("auth.api_login", POST): api(EVERYONE, "/api/session", email=VISITOR_EMAIL, password=PASSWORD),
    ("auth.api_logout", DELETE): page(EVERYONE, "/api/session"),
    ("assets.health", GET): page(EVERYONE, "/healthz"),
    ("assets.vendor", GET): page(EVERYONE, "/vendor/socket.io.min.js"),
    ("static", GET): page(EVERYONE, "/static/favicon.svg"),
    ("screen.view", GET): page(EVERYONE, "/w/{a}/screen"),
    ("screen.qr", GET): page(EVERYONE, "/w/{a}/qr.svg"),
    ("api.public_info", GET): page(EVERYONE, "/api/w/{a}"),
    ("participate.phone", GET): page(EVERYONE, "/j/{a}"),
    ("participate.join", POST): form(EVERYONE, "/j/{a}", name="Invité {n}", client_id="{cid}"),
    ("api.join", POST): api(
        EVERYONE, "/api/w/{a}/participants", name="Invité {n}", client_id="{cid}"
    ),
    # Coming back without one's link: anyone may ask to be someone (a facilitator
    # confirms, see claim.answer); a request is seen only by the browser whose
    # session made it, any other gets 404 claim_not_found (never a refusal here).
    ("participate.claim", POST): form(
        EVERYONE, "/j/{a}/claims", participant_id="1", client_id="{cid}"
    ),
    ("participate.waiting", GET): page(EVERYONE, "/j/{a}/claims/1"),
    ("participate.claim_status", GET): page(EVERYONE, "/api/w/{a}/claims/1"),
    # A credential in the URL: anyone who has it, nobody with a wrong one.
    ("facilitate.open_link", GET): page(
        EVERYONE, "/w/{a}/f/{key_a}", wrong=("/w/{a}/f/{key_b}", "/w/{a}/f/{key_a_forged}")
    ),
    ("participate.return_link", GET): page(
        EVERYONE,
        "/w/{a}/me/{token_a}",
        wrong=("/w/{a}/me/{token_b}", "/w/{a}/me/{token_a_forged}"),
    ),
    # The return link's "switch to this person" form (asked when the browser
    # is someone else already): the same credential, posted.
    ("participate.switch_identity", POST): Rule(
        EVERYONE,
        "/w/{a}/me/{token_a}",
        data={},
        wrong=("/w/{a}/me/{token_b}", "/w/{a}/me/{token_a_forged}"),
    ),
    ("bilan.manager_page", GET): page(
        EVERYONE,
        "/w/{a}/manager/{manager_a}",
        wrong=("/w/{a}/manager/{manager_b}", "/w/{a}/manager/{manager_a_forged}"),
    ),
    ("bilan.manager_download", GET): page(
        EVERYONE,
        "/w/{a}/manager/{manager_a}/bilan.pdf",
        wrong=(
            "/w/{a}/manager/{manager_b}/bilan.pdf",
            "/w/{a}/manager/{manager_a_forged}/bilan.pdf",
        ),
    ),
    # A share link for an external review: anyone who holds it, until it expires
    # or is revoked; a forged or revoked one opens nothing (404 or 410, with a page).
    ("share.view", GET): page(
        EVERYONE,
        "/s/{share_a}",
        wrong=("/s/{share_a_forged}", "/s/{share_revoked}"),
        refusals=(404, 410),
    ),
    ("share.download", GET): page(
        EVERYONE,
        "/s/{share_a}/bilan.pdf",
        wrong=("/s/{share_a_forged}/bilan.pdf", "/s/{share_revoked}/bilan.pdf"),
        refusals=(404, 410),
    ),
    # Any account.
    ("account.index", GET): page(SIGNED_IN, "/account"),
    # The dashboard of the account's own teams (none: an empty one).
    ("teams.dashboard", GET): page(SIGNED_IN, "/dashboard"),
    ("teams.dashboard_csv", GET): page(SIGNED_IN, "/dashboard.csv"),
    # A team's page: its members only (the manager reads TEAM, A's owner leads
    # it); an admin administers teams without being a member.
    ("teams.team_page", GET): page({OWNER, MANAGER}, "/teams/{team_a}"),
    # The organisation's library: figures without names, for every account.
    ("library.index", GET): page(SIGNED_IN, "/library?q=caf%C3%A9&outcome=keep"),
    ("account.change_password", POST): form(
        SIGNED_IN, "/account/password", current_password="not it at all", new_password=PASSWORD
    ),
    # Admins.
    ("admin.index", GET): page({ADMIN}, "/admin/"),
    ("admin.create_user", POST): form(
        {ADMIN},
        "/admin/users",
        email="made{n}@example.org",
        name="Créée",
        password=PASSWORD,
        role="facilitator",
    ),
    ("admin.update_user", POST): form(
        {ADMIN}, "/admin/users/{spare_id}", role="facilitator", active="on", teams=""
    ),
    ("admin.set_signup", POST): form({ADMIN}, "/admin/signup", open="on"),
    ("admin.create_team", POST): form({ADMIN}, "/admin/teams", name="Équipe {n}"),
    ("admin.rename_team", POST): form({ADMIN}, "/admin/teams/{team_b}/rename", name="Brest {n}"),
    ("admin.merge_team", POST): form({ADMIN}, "/admin/teams/{team_b}/merge", into="{team_a}"),
    ("admin.keep_apart", POST): form({ADMIN}, "/admin/teams/{team_a}/keep-apart", other="{team_b}"),
    # Teams a facilitator makes (they lead them) and renames (only those they lead).
    ("account.create_team", POST): form(CAN_FACILITATE, "/account/teams", name="Équipe {n}"),
    ("account.rename_team", POST): form({OWNER}, "/account/teams/{team_a}/rename", name=TEAM),
    # Accounts that run workshops (not managers).
    ("home.create", POST): form(CAN_FACILITATE, "/workshops", title="Un autre atelier"),
    ("api.create", POST): api(CAN_FACILITATE, "/api/workshops", title="Un autre atelier"),
    # The facilitators of A: its owner, its co-facilitator, whoever holds its link.
    ("facilitate.view", GET): page(FACILITATORS_OF_A, "/w/{a}/facilitate"),
    ("facilitate.remote", GET): page(FACILITATORS_OF_A, "/w/{a}/remote"),
    ("followup.export_json", GET): page(FACILITATORS_OF_A, "/w/{a}/export.json"),
    ("followup.export_csv", GET): page(FACILITATORS_OF_A, "/w/{a}/export.csv"),
    # Starting a workshop from A's ideas: a signed-in facilitator of A (the
    # new workshop needs an owner; A's link alone is not enough). A is in its
    # lobby here, so the allowed ones get 409 wrong_phase, past the check.
    ("start_from.form", GET): page({OWNER, CO_FACILITATOR}, "/w/{a}/start-from"),
    ("start_from.create", POST): form(
        {OWNER, CO_FACILITATOR}, "/w/{a}/start-from", idea_ids="1", team="same", title="Suite"
    ),
    ("bilan.make_manager_link", POST): form(FACILITATORS_OF_A, "/w/{a}/manager-link"),
    ("bilan.revoke_manager_link", POST): form(FACILITATORS_OF_A, "/w/{a}/manager-link/revoke"),
    ("share.make", POST): form(FACILITATORS_OF_A, "/w/{a}/share-links", expires_on=""),
    ("share.revoke", POST): form(FACILITATORS_OF_A, "/w/{a}/share-links/{share_a_id}/revoke"),
    # A participant's personal link, shown by their facilitator (participant 1 is A's).
    ("participate.return_link_for", GET): page(
        FACILITATORS_OF_A, "/api/w/{a}/participants/1/return-link"
    ),
    ("participate.return_qr", GET): page(FACILITATORS_OF_A, "/w/{a}/participants/1/return-qr.svg"),
    # …and a participant of A, who gets their own view.
    ("api.read_snapshot", GET): page(FACILITATORS_OF_A | {PARTICIPANT_A}, "/api/w/{a}/snapshot"),
    # A has an owner: only that account invites, removes, deletes (its link is not enough).
    ("facilitate.invite", POST): form(
        {OWNER}, "/w/{a}/co-facilitators", email="guest{n}@example.org"
    ),
    ("facilitate.remove_co_facilitator", POST): form(
        {OWNER}, "/w/{a}/co-facilitators/{co_invitation}/remove"
    ),
    ("followup.delete", POST): form({OWNER}, "/w/{a}/delete", confirm="{a}"),
    ("followup.api_delete", DELETE): page({OWNER}, "/api/w/{a}"),
    # A new facilitator link revokes the old one: the owner's decision too.
    ("facilitate.renew_link", POST): form({OWNER}, "/w/{a}/facilitator-link"),
    # Claiming an owned workshop: a no-op for its owner. The co-facilitator's
    # refusal is 409 already_owned (a conflict, not a missing right).
    ("facilitate.claim", POST): Rule(frozenset({OWNER}), "/w/{a}/claim", refusals=(409,)),
    # The bilan: A's facilitators and the managers of A's team (not B's).
    ("bilan.download", GET): page(FACILITATORS_OF_A | {MANAGER}, "/w/{a}/bilan.pdf"),
    # A participant's own calendar file.
    ("followup.calendar_file", GET): page({PARTICIPANT_A}, "/w/{a}/review.ics"),
}

# Socket.IO. ``connect`` is allowed per view; every other event is sent by each
# role on the strongest connection it can open (see ``best_view``).
CONNECT_POLICY = {
    "facilitator": FACILITATORS_OF_A,
    "phone": frozenset({PARTICIPANT_A}),
    "screen": EVERYONE,
}
FACILITATOR_EVENTS = {
    "phase.set": {"phase": "client_ideas"},
    "timer.start": {"seconds": 60},
    "timer.stop": {},
    "tallies.reveal": {"revealed": True},
    "workshop.update": {"settings": {"title": "Renommé"}},
    "idea.edit": {"idea_id": 1, "text": "Corrigée"},
    "idea.hide": {"idea_id": 1, "hidden": True},
    "idea.merge": {"idea_id": 1, "into_id": 2},
    "decision.set": {"idea_id": 1, "choice": "keep", "note": ""},
    "review.outcome": {"next_step": "stop", "note": "", "lessons": ""},
    "review.focus": {"idea_id": None},
    "review_date.set": {"date": (dt.date.today() + dt.timedelta(days=30)).isoformat()},
    "review.extend": {
        "idea_ids": [1],
        "date": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
    },
    "flood.lift": {},
    "claim.answer": {"claim_id": 1, "confirm": True},
    "barometer.open": {"round": "day0"},
    "barometer.close": {"round": "day0"},
    "inspiration.show": {"shown": True},
}
PARTICIPANT_EVENTS = {
    "idea.post": {"kind": "client", "text": "Une idée", "parent_id": None, "client_id": "{cid}"},
    "vote.set": {"idea_ids": [], "client_id": "{cid}"},
    "report.save": {
        "idea_id": 1,
        "tried": "yes",
        "feeling": 4,
        "comment": "",
        "client_id": "{cid}",
    },
    "email.set": {"email": "zoe@example.org"},
    "barometer.save": {
        "round": "day0",
        "answers": {"colleagues": {"trust": 4}},
        "client_id": "{cid}",
    },
}
EVENT_POLICY: dict[str, tuple[frozenset, dict]] = {
    "connect": (EVERYONE, {}),  # per view: CONNECT_POLICY
    "sync": (EVERYONE, {}),
    **{name: (FACILITATORS_OF_A, payload) for name, payload in FACILITATOR_EVENTS.items()},
    **{name: (frozenset({PARTICIPANT_A}), payload) for name, payload in PARTICIPANT_EVENTS.items()},
    # The facilitator may type an idea for someone without a phone
    # (docs/realtime-api.md, idea.post).
    "idea.post": (FACILITATORS_OF_A | {PARTICIPANT_A}, PARTICIPANT_EVENTS["idea.post"]),
}


def best_view(role: str) -> str:
    if role in CONNECT_POLICY["facilitator"]:
        return "facilitator"
    if role in CONNECT_POLICY["phone"]:
        return "phone"
    return "screen"


# Deviations of the app from the policy above, each a (row, role) with the
# reason; a listed cell that starts to follow the policy fails too, so that it
# leaves this list.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


# ---------------------------------------------------------------------------
# The world: workshops A and B, and one browser per role.

_numbers = itertools.count(1)


def forged(token: str) -> str:
    """The same token with its signature's last character changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@dataclass
class World:
    app: object
    values: dict
    browsers: dict = field(default_factory=dict)

    def browser(self, role: str):
        """A copy of the role's browser, so that what one request stores stays there."""
        source = self.browsers[role]
        copy = self.app.test_client()
        name = self.app.config["SESSION_COOKIE_NAME"]
        cookie = source.get_cookie(name)
        if cookie is not None:
            copy.set_cookie(name, cookie.value)
        return copy

    def fill(self, template):
        if isinstance(template, str):
            return template.format_map({**self.values, "n": next(_numbers), "cid": client_id()})
        if isinstance(template, dict):
            return {k: self.fill(v) for k, v in template.items()}
        return template


def _joined(app, code: str) -> tuple[object, str]:
    http = app.test_client()
    response = http.post(
        f"/api/w/{code}/participants", json={"name": "Zoé", "client_id": client_id()}
    )
    assert response.status_code == 201, response.json
    return http, response.json["token"]


def _share_id(token: str) -> int:
    return db.session.scalar(db.select(ShareLink.id).filter_by(digest=share_links.digest(token)))


def build_world(app) -> World:
    """A and B in their lobby, a manager link on each, and a browser per role."""
    harness = Harness(app)
    for email, role, extra in (
        (MANAGER_EMAIL, "manager", {"teams": [TEAM]}),
        (OTHER_MANAGER_EMAIL, "manager", {"teams": [TEAM_B]}),
        (OWNER_EMAIL, "facilitator", {"teams": [TEAM]}),
        (ADMIN_EMAIL, "admin", {}),
        (CO_EMAIL, "facilitator", {}),
        (SPARE_EMAIL, "facilitator", {}),
        (VISITOR_EMAIL, "facilitator", {}),
    ):
        harness.account(email, role, **extra)
    a, creator_a, key_a = harness.create(owner=OWNER_EMAIL, team=TEAM)
    b, creator_b, key_b = harness.create(owner=OTHER_EMAIL, team=TEAM_B)
    with app.app_context():
        for code in (a, b):
            workshops.set_phase(Identity(find_workshop(code).id, facilitator=True), "lobby")
        accounts.set_signup_open(True)
        spare_id = accounts.find_by_email(SPARE_EMAIL).id
        team_a, team_b = (find_workshop(code).team_id for code in (a, b))
    invited = creator_a.post(f"/w/{a}/co-facilitators", data={"email": CO_EMAIL})
    assert invited.status_code == 302
    with app.app_context():
        co_invitation = db.session.scalar(
            db.select(Invitation.id).filter_by(workshop_id=find_workshop(a).id, email=CO_EMAIL)
        )
    assert creator_a.post(f"/w/{a}/manager-link").status_code == 302
    assert creator_b.post(f"/w/{b}/manager-link").status_code == 302
    with app.app_context():
        manager_a = identity.manager_token(find_workshop(a))
        manager_b = identity.manager_token(find_workshop(b))

    with app.app_context():
        workshop_a = find_workshop(a)
        later = share_links.default_expiry()
        share_a = share_links.make_link(workshop_a, later)
        share_revoked = share_links.make_link(workshop_a, later)
        share_links.revoke(workshop_a, _share_id(share_revoked))
        # What the revoke row revokes: another link, so that share_a keeps working.
        share_a_id = _share_id(share_links.make_link(workshop_a, later))

    participant_a, token_a = _joined(app, a)
    participant_b, token_b = _joined(app, b)
    link_holder = app.test_client()
    assert link_holder.get(f"/w/{a}/f/{key_a}").status_code == 302

    world = World(
        app,
        values={
            "a": a,
            "b": b,
            "key_a": key_a,
            "key_b": key_b,
            "key_a_forged": forged(key_a),
            "token_a": token_a,
            "token_b": token_b,
            "token_a_forged": forged(token_a),
            "manager_a": manager_a,
            "manager_b": manager_b,
            "manager_a_forged": forged(manager_a),
            "co_invitation": co_invitation,
            "spare_id": spare_id,
            "team_a": team_a,
            "share_a": share_a,
            "share_a_forged": forged(share_a),
            "share_revoked": share_revoked,
            "share_a_id": share_a_id,
            "team_b": team_b,
        },
    )
    world.browsers = {
        ANONYMOUS: app.test_client(),
        PARTICIPANT_A: participant_a,
        PARTICIPANT_B: participant_b,
        OWNER: harness.signed_in(OWNER_EMAIL),
        OTHER_FACILITATOR: harness.signed_in(OTHER_EMAIL),
        MANAGER: harness.signed_in(MANAGER_EMAIL, "manager", teams=[TEAM]),
        OTHER_MANAGER: harness.signed_in(OTHER_MANAGER_EMAIL, "manager", teams=[TEAM_B]),
        ADMIN: harness.signed_in(ADMIN_EMAIL, "admin"),
        CO_FACILITATOR: harness.signed_in(CO_EMAIL),
        LINK_HOLDER: link_holder,
    }
    return world


# ---------------------------------------------------------------------------
# Judging one cell.


def http_verdict(response, refusals=()) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status in (401, 403, *refusals):
        return "refused"
    if status == 302 and urlsplit(response.headers["Location"]).path == "/login":
        return "refused"
    return "allowed"


def event_verdict(ack) -> str:
    if not isinstance(ack, dict):
        return f"no ack ({ack!r})"
    if ack.get("ok"):
        return "allowed"
    code = ack["error"]["code"]
    if code == "server_error":
        return "server error"
    return "refused" if code in REFUSAL_CODES else "allowed"


def in_order(allowed) -> list[str]:
    """The refused roles first: an allowed request may change A (delete it, remove
    the co-facilitator) after everyone else has tried."""
    return sorted(ROLES, key=lambda role: (role in allowed, ROLES.index(role)))


def report(row: str, cells: list[tuple[str, str, str, str]]) -> list[str]:
    """Mismatches as readable lines; known gaps must still be gaps."""
    problems = []
    for role, request, expected, got in cells:
        gap = (row, role) in KNOWN_GAPS
        if (got != expected) != gap:
            detail = f"{request}: expected {expected}, got {got}"
            if gap:
                detail += " (now follows the policy: drop it from KNOWN_GAPS)"
            problems.append(f"{row} as {role}: {detail}")
    return problems


# ---------------------------------------------------------------------------
# Every route and event has a row, and every row a route or event.


def registered_routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_policy(app):
    routes = registered_routes(app)
    assert sorted(routes - POLICY.keys()) == [], "routes without a row in POLICY"
    assert sorted(POLICY.keys() - routes) == [], "rows in POLICY for no route"


def test_every_socket_event_has_a_policy(app):
    events = set(socketio.server.handlers["/"])
    assert sorted(events - EVENT_POLICY.keys()) == [], "events without a row in EVENT_POLICY"
    assert sorted(EVENT_POLICY.keys() - events) == [], "rows in EVENT_POLICY for no event"


class _AnyValue(dict):
    def __missing__(self, key):
        return "1"


def test_each_row_requests_its_own_endpoint(app):
    """A typo in a path would test another route (or a 404) instead."""
    adapter = app.url_map.bind("localhost")
    values = _AnyValue()
    for (endpoint, method), rule in POLICY.items():
        for path in (rule.path, *rule.wrong):
            route = urlsplit(path.format_map(values)).path
            assert adapter.match(route, method)[0] == endpoint, (endpoint, method, path)


# ---------------------------------------------------------------------------
# The matrix.


def _send(http, method: str, path: str, rule: Rule):
    if rule.json is not None:
        return http.open(path, method=method, json=rule.json)
    return http.open(path, method=method, data=rule.data)


@pytest.mark.parametrize(
    "endpoint, method", sorted(POLICY), ids=[f"{e} {m}" for e, m in sorted(POLICY)]
)
def test_route(app, monkeypatch, endpoint, method):
    rule = POLICY[(endpoint, method)]
    # Who gets the bilan is the question here, not its layout (seconds of CPU).
    monkeypatch.setattr(bilan, "_pdf_from_html", lambda html, static: b"%PDF-1.7 stub")
    world = build_world(app)
    cells = []
    for role in in_order(rule.allowed):
        filled = Rule(
            rule.allowed, world.fill(rule.path), world.fill(rule.data), world.fill(rule.json)
        )
        response = _send(world.browser(role), method, filled.path, filled)
        expected = "allowed" if role in rule.allowed else "refused"
        got = http_verdict(response, rule.refusals)
        cells.append((role, f"{method} {filled.path} → {response.status_code}", expected, got))
        for wrong in rule.wrong:
            path = world.fill(wrong)
            response = _send(world.browser(role), method, path, filled)
            got = http_verdict(response, rule.refusals)
            cells.append((role, f"{method} {path} → {response.status_code}", "refused", got))
    problems = report(f"{endpoint} {method}", cells)
    assert not problems, "\n".join(problems)


def _connect(world: World, role: str, view: str):
    return socketio.test_client(
        world.app,
        flask_test_client=world.browser(role),
        auth={"code": world.values["a"], "view": view, "lang": "en"},
    )


@pytest.mark.parametrize("view", sorted(CONNECT_POLICY))
def test_socket_connect(app, view):
    world = build_world(app)
    cells = []
    for role in ROLES:
        sio = _connect(world, role, view)
        got = "allowed" if sio.is_connected() else "refused"
        expected = "allowed" if role in CONNECT_POLICY[view] else "refused"
        cells.append((role, f"connect as {view}", expected, got))
        if sio.is_connected():
            sio.disconnect()
    problems = report(f"connect {view}", cells)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("event", sorted(set(EVENT_POLICY) - {"connect"}))
def test_socket_event(app, event):
    allowed, payload = EVENT_POLICY[event]
    world = build_world(app)
    cells = []
    for role in in_order(allowed):
        view = best_view(role)
        sio = _connect(world, role, view)
        if not sio.is_connected():
            cells.append((role, f"{event} on {view}", "connected", "refused the connection"))
            continue
        ack = sio.emit(event, world.fill(payload), callback=True)
        sio.disconnect()
        expected = "allowed" if role in allowed else "refused"
        error = ack.get("error", {}).get("code") if isinstance(ack, dict) else None
        cells.append((role, f"{event} on {view} ({error or 'ok'})", expected, event_verdict(ack)))
    problems = report(event, cells)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Claiming a workshop that only a link holds.


def test_a_link_only_workshop_is_claimed_by_an_account_holding_its_link(app):
    from atelier.models import Workshop

    harness = Harness(app)
    with app.app_context():
        workshop, key = workshops.create_workshop({"title": "Sans compte"}, owner=None)
        code, workshop_id = workshop.code, workshop.id

    without_link = harness.signed_in(OTHER_EMAIL)
    assert without_link.post(f"/w/{code}/claim").status_code == 403
    anonymous_with_link = app.test_client()
    assert anonymous_with_link.get(f"/w/{code}/f/{key}").status_code == 302
    assert anonymous_with_link.post(f"/w/{code}/claim").status_code == 401
    manager_with_link = harness.signed_in(MANAGER_EMAIL, "manager")
    assert manager_with_link.get(f"/w/{code}/f/{key}").status_code == 302
    assert manager_with_link.post(f"/w/{code}/claim").status_code == 403

    claimer = harness.signed_in(OWNER_EMAIL)
    assert claimer.get(f"/w/{code}/f/{key}").status_code == 302
    response = claimer.post(f"/w/{code}/claim")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/w/{code}/facilitate"
    with app.app_context():
        from atelier.extensions import db

        owner_id = db.session.get(Workshop, workshop_id).owner_id
        assert owner_id == accounts.find_by_email(OWNER_EMAIL).id
    # Now owned: the account alone opens it, and the link no longer claims it.
    assert harness.signed_in(OWNER_EMAIL).get(f"/w/{code}/facilitate").status_code == 200
    other = harness.signed_in(OTHER_EMAIL)
    assert other.get(f"/w/{code}/f/{key}").status_code == 302
    assert other.post(f"/w/{code}/claim").status_code == 409
