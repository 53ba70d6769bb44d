"""Start a workshop from these ideas: a new group votes on what another kept."""

import datetime as dt
import os
import re

import pytest

from atelier.extensions import db
from atelier.models import Idea, Team, TeamMember, User, Workshop
from atelier.services.identity import find_workshop

from ..support import Harness, client_id, visible_text
from .test_review import report

TEAM = "Agence de Nantes"
OWNER = "camille@example.org"


def reviewed(harness, **settings):
    """A workshop at its review: three people committed to ideas 1 and 2 (of 4);
    reports on idea 1 (yes 5, partly 4, no 2), none on idea 2; idea 1 is kept,
    idea 2 stopped."""
    code, facilitator, screen, phones, ideas = harness.at_results(
        ("Zoé", "Karim", "Amina"), ideas=4, team=TEAM, language="en", **settings
    )
    facilitator.ok("phase.set", {"phase": "review"})
    for phone, (tried, feeling) in zip(phones, (("yes", 5), ("partly", 4), ("no", 2)), strict=True):
        assert report(phone, ideas[0], tried, feeling, "Zoé a adoré")["ok"]
    facilitator.ok("decision.set", {"idea_id": ideas[0], "choice": "keep", "note": "Karim relance"})
    facilitator.ok("decision.set", {"idea_id": ideas[1], "choice": "stop", "note": ""})
    return code, facilitator, phones, ideas


def start(http, code, **fields):
    form = http.get(f"/w/{code}/start-from")
    assert form.status_code == 200, form.text
    request_id = re.search(r'name="request_id" value="([^"]+)"', form.text).group(1)
    data = {"team": "same", "title": "Suite à Brest", "request_id": request_id, **fields}
    return http.post(f"/w/{code}/start-from", data=data)


def new_code(response) -> str:
    assert response.status_code == 302, response.text
    return re.match(r".*/w/(\w+)/facilitate$", response.headers["Location"]).group(1)


def test_the_form_ticks_the_kept_ideas_and_shows_how_they_went_without_names(app, harness):
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    page = owner.get(f"/w/{code}/start-from")
    assert page.status_code == 200
    text = visible_text(page.text)
    # Committed ideas only (1 and 2), the kept one ticked.
    assert "Idée collègue 0" in text and "Idée collègue 1" in text
    assert "Idée collègue 2" not in text and "Idée collègue 3" not in text
    assert re.search(rf'value="{ideas[0]}" checked', page.text)
    assert not re.search(rf'value="{ideas[1]}" checked', page.text)
    # How they went: the team, the figures, the decision; no name, comment or note.
    assert "Agence de Nantes" in text
    assert "3 committed · 2 tried it · feeling 3.7/5 · decision: Keep going" in text
    assert "3 committed · 0 tried it · decision: Stop" in text
    for private in ("Zoé", "Karim", "Amina", "adoré", "relance"):
        assert private not in text


def test_a_new_workshop_offers_the_picked_ideas_at_its_vote_and_counts_their_votes(app, harness):
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    created = new_code(start(owner, code, idea_ids=[str(ideas[0]), str(ideas[1])]))
    assert created != code

    with app.app_context():
        source = find_workshop(code)
        workshop = find_workshop(created)
        assert workshop.phase == "draft" and workshop.title == "Suite à Brest"
        assert workshop.source_workshop_id == source.id
        assert workshop.owner_id == source.owner_id and workshop.team_id == source.team_id
        carried = db.session.scalars(db.select(Idea).filter_by(workshop_id=workshop.id)).all()
        assert [(i.kind, i.text, i.origin_idea_id, i.authorships) for i in carried] == [
            ("colleague", "Idée collègue 0", ideas[0], []),
            ("colleague", "Idée collègue 1", ideas[1], []),
        ]

    # Its facilitator page shows its secret link once, like any new workshop.
    page = owner.get(f"/w/{created}/facilitate")
    assert "Keep this secret link" in page.text

    # The new group: carried ideas from the start, its own ideas as usual.
    facilitator = harness.facilitator(created, owner)
    facilitator.ok("phase.set", {"phase": "lobby"})
    phone, _ = harness.join(created, "Noé")
    origins = {i["text"]: i["origin"] for i in phone.sync()["ideas"]}
    assert origins["Idée collègue 0"] == {
        "team": TEAM,
        "date": origins["Idée collègue 0"]["date"],
        "committed": 3,
        "tried": {"yes": 1, "partly": 1, "no": 1},
        "feeling": 3.7,
        "decision": "keep",
    }
    assert origins["Idée collègue 1"]["decision"] == "stop"
    assert origins["Idée collègue 1"]["feeling"] is None
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    own = harness.post(phone, "Notre idée à nous", kind="colleague")
    assert own["ok"], own
    facilitator.ok("phase.set", {"phase": "vote"})
    state = phone.sync()
    by_text = {i["text"]: i for i in state["ideas"]}
    assert by_text["Notre idée à nous"]["origin"] is None
    assert state["votes"]["limit"] == 2  # three ideas to choose from
    # (Every snapshot and event here is checked against docs/schemas: tests/contract.py.)

    carried_id = by_text["Idée collègue 0"]["id"]
    phone.ok("vote.set", {"idea_ids": [carried_id], "client_id": client_id()})
    facilitator.drain()
    assert facilitator.store.votes["tallies"][str(carried_id)] == 1


def test_sending_the_form_twice_makes_one_workshop(app, harness):
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    form = owner.get(f"/w/{code}/start-from").text
    request_id = re.search(r'name="request_id" value="([^"]+)"', form).group(1)
    data = {"team": "same", "title": "Suite", "request_id": request_id, "idea_ids": [ideas[0]]}
    first = new_code(owner.post(f"/w/{code}/start-from", data=data))
    again = new_code(owner.post(f"/w/{code}/start-from", data=data))
    assert again == first
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 2
        # A new form is a new workshop.
    third = new_code(start(owner, code, idea_ids=[ideas[0]]))
    assert third != first


def test_only_its_committed_visible_ideas_are_carried(app, harness):
    code, _, _, ideas = reviewed(harness)
    other, _, _, other_ideas = reviewed(harness)  # another workshop of the same owner
    owner = harness.signed_in(OWNER)
    for wrong in (ideas[2], other_ideas[0], "x"):  # not committed; another workshop's; junk
        response = start(owner, code, idea_ids=[str(wrong)])
        assert response.status_code == 400, response.text
    none = start(owner, code)
    assert none.status_code == 400
    assert "Tick at least one idea" in visible_text(none.text)

    # Hidden or merged away since: no longer offered, nor taken.
    with app.app_context():
        db.session.get(Idea, ideas[0]).hidden = True
        db.session.get(Idea, ideas[1]).merged_into_id = ideas[3]
        db.session.commit()
    page = owner.get(f"/w/{code}/start-from")
    assert "Idée collègue 0" not in page.text and "Idée collègue 1" not in page.text
    assert "nothing to carry over" in visible_text(page.text)
    assert start_post(owner, code, idea_ids=[str(ideas[0])]).status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 2


def start_post(http, code, **fields):
    data = {"team": "same", "title": "Suite", "request_id": client_id(), **fields}
    return http.post(f"/w/{code}/start-from", data=data)


def test_only_its_facilitators_start_from_it_and_only_from_the_review(app, harness):
    code, facilitator, _, ideas = reviewed(harness)
    stranger = harness.signed_in("dominique@example.org")
    assert stranger.get(f"/w/{code}/start-from").status_code == 403
    assert start_post(stranger, code, idea_ids=[str(ideas[0])]).status_code == 403
    # A co-facilitator may, and owns the new workshop.
    owner = harness.signed_in(OWNER)
    owner.post(f"/w/{code}/co-facilitators", data={"email": "dominique@example.org"})
    created = new_code(start_post(stranger, code, idea_ids=[str(ideas[0])]))
    with app.app_context():
        dominique = db.session.scalar(db.select(User).filter_by(email="dominique@example.org"))
        assert find_workshop(created).owner_id == dominique.id
    # Before the review: refused.
    facilitator.ok("phase.set", {"phase": "results"})
    assert owner.get(f"/w/{code}/start-from").status_code == 409
    # A longer experiment waiting for its next round: what was kept can spread now.
    facilitator.ok("phase.set", {"phase": "review"})
    later = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    facilitator.ok("review.extend", {"idea_ids": [ideas[0]], "date": later})
    assert facilitator.sync()["workshop"]["phase"] == "results"
    new_code(start_post(owner, code, idea_ids=[str(ideas[0])]))
    # Not signed in (the link alone): asked to sign in.
    anonymous = app.test_client()
    assert anonymous.get(f"/w/{code}/start-from").status_code == 302


def test_the_team_is_the_same_or_one_they_lead(app, harness):
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    with app.app_context():
        led = Team(name="Agence de Brest", key="agence de brest")
        foreign = Team(name="Siège", key="siege")
        db.session.add_all([led, foreign])
        db.session.flush()
        user = db.session.scalar(db.select(User).filter_by(email=OWNER))
        db.session.add(TeamMember(team_id=led.id, user_id=user.id))
        db.session.commit()
        led_id, foreign_id = led.id, foreign.id
    page = owner.get(f"/w/{code}/start-from").text
    assert "Agence de Brest" in page and "Siège" not in page
    refused = start_post(owner, code, idea_ids=[str(ideas[0])], team=str(foreign_id))
    assert refused.status_code == 400
    assert "a team you lead" in visible_text(refused.text)
    created = new_code(start_post(owner, code, idea_ids=[str(ideas[0])], team=str(led_id)))
    with app.app_context():
        workshop = find_workshop(created)
        assert (workshop.team, workshop.team_id) == ("Agence de Brest", led_id)


def test_hostile_texts_are_escaped_on_the_form(app, harness):
    code, facilitator, _, _, ideas = harness.at_results(
        ("Zoé",),
        ideas=1,
        team='<img src=x onerror="alert(1)">',
        title="<b>titre</b>",
        votes_per_person=1,
        language="en",
    )
    facilitator.ok("idea.edit", {"idea_id": ideas[0], "text": "<script>alert('idée')</script>"})
    facilitator.ok("phase.set", {"phase": "review"})
    owner = harness.signed_in(OWNER)
    page = owner.get(f"/w/{code}/start-from").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x" in page
    # The new workshop's page names where it started from: as text too.
    created = new_code(start(owner, code, idea_ids=[str(ideas[0])], title="Suite"))
    page = owner.get(f"/w/{created}/facilitate").text
    assert "<b>titre</b>" not in page
    assert "started from the ideas kept in “&lt;b&gt;titre&lt;/b&gt;”" in page


def test_the_new_workshops_bilan_has_a_line_per_carried_idea(app, harness):
    from atelier.services import bilan

    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    created = new_code(start(owner, code, idea_ids=[str(ideas[0])]))
    with app.app_context(), app.test_request_context():
        html = bilan.bilan_html(find_workshop(created))
    text = visible_text(html)
    assert "Ideas carried over from an earlier workshop" in text
    assert "Idée collègue 0" in text
    assert "3 committed · 2 tried it · feeling 3.7/5 · decision: Keep going" in text
    assert "Zoé" not in text


DATABASES = ["sqlite"]
if os.environ.get("ATELIER_TEST_POSTGRES_URL"):
    DATABASES.append("postgresql")


@pytest.fixture(params=DATABASES)
def shared_app(request, make_app):
    if request.param == "sqlite":
        yield make_app()
        return
    app = make_app(DATABASE_URL=request.getfixturevalue("postgres_url"))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_two_sends_at_the_same_moment_make_one_workshop(shared_app):
    """A double click: the second waits on the first's receipt and answers its workshop."""
    import threading

    from atelier.services import carry_over

    app = shared_app
    code, _, _, ideas = reviewed(Harness(app))
    request_id = client_id()
    codes, errors = [], []
    barrier = threading.Barrier(2)

    def send():
        with app.app_context():
            try:
                user = db.session.scalar(db.select(User).filter_by(email=OWNER))
                source = find_workshop(code)
                barrier.wait()
                codes.append(
                    carry_over.start_from(
                        user,
                        source,
                        idea_ids=[str(ideas[0])],
                        team="same",
                        title="Suite",
                        date="",
                        request_id=request_id,
                    )
                )
            except Exception as error:  # reported below, with the thread's answer
                errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(codes) == 2 and codes[0] == codes[1], (codes, errors)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 2


def test_deleting_the_source_keeps_the_carried_ideas_without_their_origin(app, harness):
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    created = new_code(start(owner, code, idea_ids=[str(ideas[0])]))
    deleted = owner.post(f"/w/{code}/delete", data={"confirm": code})
    assert deleted.status_code == 302
    facilitator = harness.facilitator(created, owner)
    (idea,) = facilitator.sync()["ideas"]
    assert (idea["text"], idea["origin"]) == ("Idée collègue 0", None)
    with app.app_context():
        assert find_workshop(created).source_workshop_id is None


def test_a_form_without_its_id_is_shown_again_with_a_fresh_one(app, harness):
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    data = {"team": "same", "title": "Suite", "idea_ids": [str(ideas[0])], "request_id": ""}
    again = owner.post(f"/w/{code}/start-from", data=data)
    assert again.status_code == 400
    fresh = re.search(r'name="request_id" value="([^"]+)"', again.text).group(1)
    assert new_code(owner.post(f"/w/{code}/start-from", data={**data, "request_id": fresh}))


def test_the_facilitator_page_offers_it_to_accounts_that_run_the_workshop(app, harness):
    code, _, _, _ = reviewed(harness)
    assert (
        "Start a workshop from these ideas"
        in harness.signed_in(OWNER).get(f"/w/{code}/facilitate").text
    )
    # The link alone runs the workshop, but the new one needs an owner.
    with app.app_context():
        from atelier.services.identity import facilitator_key

        key = facilitator_key(find_workshop(code))
    holder = app.test_client()
    holder.get(f"/w/{code}/f/{key}")
    page = holder.get(f"/w/{code}/facilitate")
    assert page.status_code == 200 and "Start a workshop from these ideas" not in page.text


def test_the_new_workshop_serves_the_same_people(app, harness):
    """A team that serves residents starts its next workshop speaking of residents too."""
    typed = {"singular": "l’habitant", "plural": "les habitants"}
    code, _, _, ideas = reviewed(harness, serves=typed)
    created = new_code(start(harness.signed_in(OWNER), code, idea_ids=[str(ideas[0])]))
    with app.app_context():
        workshop = find_workshop(created)
        chosen = (workshop.serves, workshop.serves_singular, workshop.serves_plural)
        assert chosen == ("custom", "l’habitant", "les habitants")


def test_the_new_workshop_may_still_change_who_the_team_serves(app, harness):
    """Its carried ideas are colleague ideas: no client idea is written yet, so a
    team that ran its first workshop as "clients" can now name its residents."""
    code, _, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    created = new_code(start(owner, code, idea_ids=[str(ideas[0])]))
    facilitator = harness.facilitator(created, owner)
    typed = {"singular": "l’habitant", "plural": "les habitants"}
    facilitator.ok("workshop.update", {"settings": {"serves": typed}})
    facilitator.ok("phase.set", {"phase": "lobby"})
    facilitator.ok("workshop.update", {"settings": {"serves": "service_users"}})
    assert facilitator.sync()["workshop"]["serves"]["key"] == "service_users"


def test_a_carried_idea_keeps_how_it_went_when_its_text_is_fixed(app, harness):
    code, facilitator, _, _, ideas = harness.at_results(
        ("Zoé",), ideas=1, votes_per_person=1, team=TEAM, language="en"
    )
    facilitator.ok("phase.set", {"phase": "review"})
    owner = harness.signed_in(OWNER)
    created = new_code(start(owner, code, idea_ids=[str(ideas[0])]))
    facilitator = harness.facilitator(created, owner)
    facilitator.ok("phase.set", {"phase": "lobby"})
    screen = harness.screen(created)
    (carried,) = screen.store.ideas
    origin = screen.store.ideas[carried]["origin"]
    assert origin["team"] == TEAM and origin["committed"] == 1
    facilitator.ok("idea.edit", {"idea_id": carried, "text": "Idée collègue, corrigée"})
    screen.drain(), facilitator.drain()
    for page in (screen, facilitator):
        assert page.store.ideas[carried]["text"] == "Idée collègue, corrigée"
        assert page.store.ideas[carried]["origin"] == origin


def test_the_form_counts_each_answer_of_the_review_and_says_when_nothing_was_decided(app, harness):
    """Two said yes and one partly: three tried it; an idea left undecided says so."""
    code, facilitator, _, phones, ideas = harness.at_results(
        ("Zoé", "Karim", "Amina"), team=TEAM, language="en"
    )
    facilitator.ok("phase.set", {"phase": "review"})
    for phone, (tried, feeling) in zip(
        phones, (("yes", 5), ("partly", 4), ("yes", 4)), strict=True
    ):
        assert report(phone, ideas[0], tried, feeling)["ok"]
    text = visible_text(harness.signed_in(OWNER).get(f"/w/{code}/start-from").text)
    assert "3 committed · 3 tried it · feeling 4.3/5 · no decision" in text
    assert "3 committed · 0 tried it · no decision" in text


def test_an_origin_counts_who_is_committed_there_now(app, harness):
    """The source reopens its vote and hides the idea it gave: nobody there is
    committed to it any more, and the new group reads 0."""
    code, facilitator, _, ideas = reviewed(harness)
    owner = harness.signed_in(OWNER)
    created = new_code(start(owner, code, idea_ids=[str(ideas[1])]))
    for phase in ("results", "vote"):
        facilitator.ok("phase.set", {"phase": phase})
    facilitator.ok("idea.hide", {"idea_id": ideas[1], "hidden": True})
    (carried,) = harness.facilitator(created, owner).store.ideas.values()
    assert carried["origin"]["committed"] == 0
    assert carried["origin"]["decision"] == "stop"
