"""Every route of docs/openapi.yaml, fuzzed by Schemathesis in-process (WSGI):
no server error, and every answer conforms to the document (status, content
type, headers, JSON body), for anonymous visitors, the workshop's signed-in
facilitator, one of its participants and an admin, on a workshop at the vote.

ATELIER_HTTP_FUZZ_EXAMPLES bounds the examples per route (.ci/run sets it).
"""

import os

import pytest
import schemathesis
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from ..contract import OPENAPI

EXAMPLES = int(os.environ.get("ATELIER_HTTP_FUZZ_EXAMPLES", "20"))
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "max-examples": EXAMPLES,
            # Valid requests, and requests the schema says are invalid:
            # both must get a documented answer.
            "mode": "all",
        },
        # Examples, coverage (each field's boundaries and wrong types) and
        # fuzzing; no stateful phase (the routes create little to chain).
        "phases": {"stateful": {"enabled": False}},
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    }
)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
CSRF = "fuzz-csrf-token"  # the raw token each fuzzing session holds
OWNER, ADMIN = "camille@example.org", "ada@example.org"
CO_FACILITATOR = "dominique@example.org"
# The PDF bilan takes a second to render and has its own tests.
schema = schemathesis.openapi.from_path(OPENAPI, config=CONFIG).exclude(path_regex=r"bilan\.pdf$")


class Site:
    """A workshop at the vote, its owner signed in, a participant, a co-facilitator,
    a manager link; rebuilt when a fuzzed request deleted the workshop."""

    def __init__(self, app):
        from ..support import Harness

        self.app = app
        self.harness = Harness(app)
        self.co_facilitator = self.harness.account(CO_FACILITATOR)
        self.cookies = {
            "admin": _cookie(self.harness.signed_in(ADMIN, role="admin")),
            "anonymous": _cookie(app.test_client()),
        }
        # What a page of these sessions carries in its forms (Flask-WTF signs it).
        self.csrf_token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(CSRF)
        self.build()

    def build(self) -> None:
        code, http, _ = self.harness.create()
        facilitator = self.harness.facilitator(code, http)
        facilitator.ok("phase.set", {"phase": "lobby"})
        phone, _ = self.harness.join(code, "Zoé")
        for phase in ("client_ideas", "transposition"):
            facilitator.ok("phase.set", {"phase": phase})
        self.harness.post(phone, "Une idée", kind="colleague")
        facilitator.ok("phase.set", {"phase": "vote"})
        http.post(f"/w/{code}/co-facilitators", data={"email": CO_FACILITATOR})
        http.post(f"/w/{code}/manager-link")
        self.code = code
        self.cookies.update(facilitator=_cookie(http), participant=_cookie(phone.http))

    def ensure(self) -> dict:
        """The values a request may use now (a fuzzed request may have renewed them)."""
        from atelier.domain.tokens import new_nonce
        from atelier.extensions import db
        from atelier.models import Invitation, Participant, Workshop
        from atelier.services.identity import facilitator_key, manager_token, participant_token

        self._keep_accounts()
        with self.app.app_context():
            workshop = db.session.scalar(db.select(Workshop).filter_by(code=self.code))
            if workshop is None:
                db.session.remove()
                self.build()
                workshop = db.session.scalar(db.select(Workshop).filter_by(code=self.code))
            if workshop.manager_nonce is None:  # revoked by a fuzzed request: make it again
                workshop.manager_nonce = new_nonce()
                db.session.commit()
            invitation = db.session.scalar(
                db.select(Invitation).filter_by(workshop_id=workshop.id, email=CO_FACILITATOR)
            )
            if invitation is None:  # removed by a fuzzed request: invite again
                invitation = Invitation(workshop_id=workshop.id, email=CO_FACILITATOR)
                db.session.add(invitation)
                db.session.commit()
            participant = db.session.scalar(
                db.select(Participant).filter_by(workshop_id=workshop.id)
            )
            return {
                "code": workshop.code,
                "key": facilitator_key(workshop),
                "token": participant_token(participant),
                "manager": manager_token(workshop) or "1-none",
                "user_id": self.co_facilitator,
                "invitation_id": invitation.id,
                "name": "socket.io.min.js",
                "filename": "js/live.js",
            }

    def _keep_accounts(self) -> None:
        """The admin may have demoted or deactivated an account we sign in with."""
        from atelier.services import accounts

        for who, email, role in (("facilitator", OWNER, "facilitator"), ("admin", ADMIN, "admin")):
            with self.app.app_context():
                user = accounts.find_by_email(email)
                if user.active and user.role == role:
                    continue
                accounts.update_user(user.id, role=role, active=True, teams="")
            self.cookies[who] = _cookie(self.harness.signed_in(email))

    def signed_out(self, who: str, values: dict) -> None:
        """A sign-out may end the session on the server: sign in afresh."""
        if who in ("facilitator", "admin"):
            self.cookies[who] = _cookie(
                self.harness.signed_in(OWNER if who == "facilitator" else ADMIN)
            )
        elif who == "participant":
            browser = self.app.test_client()
            browser.get(f"/w/{values['code']}/me/{values['token']}")
            self.cookies[who] = _cookie(browser)


def _cookie(http) -> str:
    with http.session_transaction() as session:
        session["csrf_token"] = CSRF
    return http.get_cookie("atelier").value


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from ..support import build_app

    return Site(build_app(tmp_path_factory.mktemp("http-schema") / "fuzz.sqlite3"))


def _aim(case, values: dict) -> None:
    """Point the path at the real workshop and its real secrets."""
    params = case.path_parameters or {}
    for name in params:
        if name == "token":
            params[name] = values["manager" if "/manager/" in case.path else "token"]
        elif name in values:
            params[name] = values[name]


WHO = st.sampled_from(["anonymous", "facilitator", "participant", "admin"])


@schema.given(who=WHO, aim=st.booleans())
@schema.parametrize()
def test_every_route_answers_as_documented(case, site, who, aim):
    values = site.ensure()
    if aim:
        _aim(case, values)
    cookies = {"atelier": site.cookies[who]}
    form = isinstance(case.body, dict) and case.media_type == "application/x-www-form-urlencoded"
    if form:
        # Pages' forms carry the session's token; without it every post is
        # csrf_failed (tests/integration/test_pages.py tries that).
        case.body["csrf_token"] = site.csrf_token
    # Schemathesis's WSGI transport does not undo Content-Encoding: ask for the
    # plain body (compression has its own tests, test_static_assets.py).
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
    response = case.call(app=site.app, cookies=cookies)
    case.validate_response(response, checks=CHECKS)
    if form:  # the fuzz reaches the form's own rules, not only the CSRF check
        assert b"csrf_failed" not in response.content, (case.method, case.path)
    if case.operation.path in ("/logout", "/api/session") and case.method in ("POST", "DELETE"):
        site.signed_out(who, values)
