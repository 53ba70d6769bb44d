"""The barometer's service: answer sets, rounds, and what the room may see of them.

Through the services and a real database (tests/support.build_app); the
rules themselves are in tests/unit/test_barometer.py.
"""

import pytest
from sqlalchemy import func, select

from atelier.domain.barometer import DIMENSIONS
from atelier.domain.errors import Refusal
from atelier.extensions import db
from atelier.models import BarometerAnswers, BarometerRound, Receipt, Workshop
from atelier.services import barometer, exports, participants, workshops
from atelier.services.identity import Identity

NAMES = ("Zoé", "Karim", "Amina", "Léo")


def ratings(value: int) -> dict[str, int]:
    return {d: value for d in DIMENSIONS}


class Room:
    """A workshop, its facilitator and its participants, through the services."""

    def __init__(self, names=NAMES, **settings):
        workshop, _ = workshops.create_workshop({"title": "Baromètre", **settings})
        self.id = workshop.id
        self.facilitator = Identity(workshop.id, facilitator=True)
        self.people = []
        if names:
            self.phase("lobby")
            for n, name in enumerate(names):
                person = participants.join(workshop, name, f"join-{workshop.id}-{n}")[1]
                self.people.append(Identity(workshop.id, participant_id=person.id))

    @property
    def workshop(self) -> Workshop:
        return db.session.get(Workshop, self.id, populate_existing=True)

    def phase(self, *phases: str) -> None:
        for phase in phases:
            workshops.set_phase(self.facilitator, phase)

    def state(self, round_: str = "day0") -> dict:
        return barometer.round_state(self.workshop)["rounds"][round_]


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def room(ctx):
    room = Room()
    barometer.open_round(room.facilitator, "day0")
    return room


def refused(code: str, call, *args) -> None:
    with pytest.raises(Refusal) as caught:
        call(*args)
    assert caught.value.code == code


# -- a participant's answer set ------------------------------------------------
def test_a_participant_saves_changes_and_withdraws_their_answers(room):
    zoe = room.people[0]
    first = {"customers": {"trust": 4, "listening": 5}, "colleagues": {"trust": 2}}
    outcome = barometer.save_answers(zoe, "day0", first, "b1")
    assert outcome.result == {"round": "day0", "answered": 3}
    assert barometer.my_answers(zoe, "day0") == first
    assert room.state()["respondents"] == 1

    # A new set replaces the previous one whole: "listening" is no longer rated.
    barometer.save_answers(zoe, "day0", {"customers": {"trust": 3}}, "b2")
    assert barometer.my_answers(zoe, "day0") == {"customers": {"trust": 3}}
    assert room.state()["respondents"] == 1

    # An empty set withdraws it: she no longer counts among those who answered.
    barometer.save_answers(zoe, "day0", {}, "b3")
    assert barometer.my_answers(zoe, "day0") == {}
    assert room.state()["respondents"] == 0
    assert db.session.scalar(select(func.count()).select_from(BarometerAnswers)) == 0


def test_a_retried_save_gives_its_first_answer_and_changes_nothing(room):
    zoe = room.people[0]
    first = barometer.save_answers(zoe, "day0", {"colleagues": ratings(2)}, "same")
    barometer.save_answers(zoe, "day0", {"colleagues": ratings(5)}, "later")
    retry = barometer.save_answers(zoe, "day0", {"colleagues": ratings(2)}, "same")
    assert retry.duplicate and retry.result == first.result
    # The retry arrived after a newer set: the newer one stays.
    assert barometer.my_answers(zoe, "day0") == {"colleagues": ratings(5)}


def test_the_acknowledgement_kept_for_retries_holds_no_rating(room):
    barometer.save_answers(room.people[0], "day0", {"colleagues": ratings(4)}, "r1")
    results = db.session.scalars(
        select(Receipt.result).where(Receipt.client_id.startswith("barometer."))
    ).all()
    assert results == [{"round": "day0", "answered": 10}]


def test_answers_outside_the_rules_are_refused(room):
    zoe = room.people[0]
    for answers in (
        {"colleagues": {"trust": 6}},
        {"colleagues": {"trust": True}},
        {"colleagues": {"charm": 3}},
        {"managers": {"trust": 3}},
        [1, 2],
    ):
        refused("invalid_request", barometer.save_answers, zoe, "day0", answers, "x")
    refused("invalid_request", barometer.save_answers, zoe, "day7", {}, "x")
    refused("invalid_request", barometer.save_answers, zoe, "day0", {}, None)
    assert barometer.my_answers(zoe, "day0") == {}


def test_my_answers_are_my_own_only(room):
    zoe, karim = room.people[:2]
    barometer.save_answers(zoe, "day0", {"colleagues": ratings(1)}, "z")
    barometer.save_answers(karim, "day0", {"colleagues": ratings(5)}, "k")
    assert barometer.my_answers(zoe, "day0") == {"colleagues": ratings(1)}
    assert barometer.my_answers(karim, "day0") == {"colleagues": ratings(5)}
    assert barometer.my_answers(room.people[2], "day0") == {}
    # The facilitator has no answer set to read, and nobody else's.
    refused("not_participant", barometer.my_answers, room.facilitator, "day0")
    # A participant id of another workshop reads nothing of this one.
    other = Room(names=("Inès",))
    stranger = Identity(other.id, participant_id=zoe.participant_id)
    assert barometer.my_answers(stranger, "day0") == {}


# -- when answers come in --------------------------------------------------------
def test_the_lobby_opens_day0_and_leaving_it_closes_it(ctx):
    room = Room(names=())
    assert room.state() == {"opened": False, "closed": False, "accepting": False, "respondents": 0}
    room.phase("lobby")
    assert room.state()["accepting"] is True
    zoe = Identity(room.id, participant_id=participants.join(room.workshop, "Zoé", "j")[1].id)
    barometer.save_answers(zoe, "day0", {"colleagues": ratings(3)}, "b")
    # Opening an open round changes nothing.
    barometer.open_round(room.facilitator, "day0")
    assert room.state()["respondents"] == 1
    # The room moves on to the ideas: nobody can answer any more, so the
    # round closes (and can show its figures).
    room.phase("client_ideas")
    assert room.state() == {"opened": True, "closed": True, "accepting": False, "respondents": 1}
    refused("barometer_closed", barometer.save_answers, zoe, "day0", {}, "c")
    # Back in the lobby, it stays closed: its figures may have been shown.
    room.phase("lobby")
    refused("barometer_closed", barometer.save_answers, zoe, "day0", {}, "d")
    assert barometer.my_answers(zoe, "day0") == {"colleagues": ratings(3)}


def test_the_facilitator_closes_day0_in_the_lobby_and_it_stays_closed(room):
    zoe = room.people[0]
    barometer.save_answers(zoe, "day0", {"colleagues": ratings(4)}, "d")
    barometer.close_round(room.facilitator, "day0")
    # Closed: no change, not even a withdrawal.
    refused("barometer_closed", barometer.save_answers, zoe, "day0", {}, "e")
    refused("barometer_closed", barometer.open_round, room.facilitator, "day0")
    assert barometer.my_answers(zoe, "day0") == {"colleagues": ratings(4)}
    assert room.state() == {"opened": True, "closed": True, "accepting": False, "respondents": 1}


def test_day0_cannot_open_away_from_the_lobby(ctx):
    room = Room()
    room.phase("client_ideas")
    refused("barometer_closed", barometer.open_round, room.facilitator, "day0")
    draft = Room(names=())
    refused("wrong_phase", barometer.open_round, draft.facilitator, "day0")


def test_a_switched_off_barometer_takes_no_answers(ctx):
    room = Room(names=())
    workshops.update_settings(room.facilitator, {"barometer": False})
    room.phase("lobby")
    zoe = Identity(room.id, participant_id=participants.join(room.workshop, "Zoé", "j")[1].id)
    assert room.state()["opened"] is False
    refused("barometer_off", barometer.open_round, room.facilitator, "day0")
    refused("barometer_off", barometer.save_answers, zoe, "day0", {"colleagues": ratings(3)}, "x")
    assert room.workshop.barometer is False


def test_a_round_left_open_takes_nothing_once_the_barometer_is_off(room):
    """Switching off is refused from the lobby on; should data hold an open round
    of a switched-off barometer anyway, the server still takes nothing."""
    db.session.execute(db.update(Workshop).filter_by(id=room.id).values(barometer=False))
    db.session.commit()
    zoe = room.people[0]
    refused("barometer_off", barometer.save_answers, zoe, "day0", {"colleagues": ratings(3)}, "x")
    assert barometer.my_answers(zoe, "day0") == {}
    assert room.state()["accepting"] is False


def test_day15_asks_the_colleague_side_only_at_the_results_or_review(ctx):
    room = Room()
    refused("wrong_phase", barometer.open_round, room.facilitator, "day15")
    room.phase("client_ideas", "transposition", "vote", "results")
    # The results follow the vote on day 0: day 15 waits to be opened.
    assert room.state("day15")["opened"] is False
    barometer.open_round(room.facilitator, "day15")
    zoe = room.people[0]
    refused(
        "invalid_request",
        barometer.save_answers,
        zoe,
        "day15",
        {"customers": ratings(3), "colleagues": ratings(3)},
        "x",
    )
    barometer.save_answers(zoe, "day15", {"colleagues": ratings(3)}, "y")
    room.phase("review")
    barometer.save_answers(zoe, "day15", {"colleagues": ratings(4)}, "z")
    assert barometer.my_answers(zoe, "day15") == {"colleagues": ratings(4)}
    # Closing the workshop closes day 15.
    room.phase("closed")
    assert room.state("day15")["closed"] is True


def test_the_review_opens_day15_when_the_facilitator_did_not(ctx):
    room = Room()
    room.phase("client_ideas", "transposition", "vote", "results", "review")
    assert room.state("day15")["accepting"] is True
    barometer.save_answers(room.people[0], "day15", {"colleagues": ratings(2)}, "y")


# -- the facilitator's controls --------------------------------------------------
def test_only_the_facilitator_opens_closes_and_switches(ctx):
    room = Room(names=())
    other = Room(names=())
    outsider = Identity(other.id, facilitator=True)
    room.phase("lobby")
    zoe = Identity(room.id, participant_id=participants.join(room.workshop, "Zoé", "j")[1].id)
    refused("not_facilitator", barometer.open_round, zoe, "day0")
    refused("not_facilitator", workshops.update_settings, zoe, {"barometer": False})
    # Another workshop's facilitator acts on their own workshop only.
    workshops.update_settings(outsider, {"barometer": False})
    assert room.workshop.barometer is True
    refused("not_facilitator", barometer.close_round, zoe, "day0")
    refused("barometer_off", barometer.open_round, outsider, "day0")
    assert room.state()["closed"] is False
    barometer.close_round(room.facilitator, "day0")
    assert room.state()["closed"] is True


def test_a_round_closes_only_once_opened_and_its_closing_time_stays(room):
    refused("barometer_closed", barometer.close_round, room.facilitator, "day15")
    barometer.close_round(room.facilitator, "day0")
    first = db.session.scalar(select(BarometerRound.closed_at))
    barometer.close_round(room.facilitator, "day0")
    assert db.session.scalar(select(BarometerRound.closed_at)) == first


def test_the_barometer_is_on_by_default_and_switches_only_before_the_lobby(ctx):
    room = Room(names=())
    assert room.workshop.barometer is True
    refused("setting_invalid", workshops.update_settings, room.facilitator, {"barometer": "maybe"})
    workshops.update_settings(room.facilitator, {"barometer": False})
    assert room.workshop.barometer is False
    workshops.update_settings(room.facilitator, {"barometer": True})
    room.phase("lobby")
    refused("barometer_locked", workshops.update_settings, room.facilitator, {"barometer": False})
    assert room.workshop.barometer is True


def test_a_workshop_can_be_created_without_the_barometer(ctx):
    workshop, _ = workshops.create_workshop({"title": "Sans", "barometer": False})
    assert workshop.barometer is False


# -- what the room may see -------------------------------------------------------
def day0_answers(room: Room) -> None:
    """Three people answer everything, the fourth only "trust" between colleagues."""
    customers, colleagues = (4, 5, 4), (2, 3, 3)
    for n, person in enumerate(room.people[:3]):
        barometer.save_answers(
            person,
            "day0",
            {"customers": ratings(customers[n]), "colleagues": ratings(colleagues[n])},
            f"d0-{n}",
        )
    barometer.save_answers(room.people[3], "day0", {"colleagues": {"trust": 1}}, "d0-3")


def test_figures_show_only_once_the_round_is_closed_and_from_three_answers(room):
    day0_answers(room)
    # Open: how many answered, never a figure.
    assert room.state()["respondents"] == 4
    assert barometer.summary(room.workshop, "day0") is None
    barometer.close_round(room.facilitator, "day0")
    result = barometer.summary(room.workshop, "day0")
    assert result.respondents == 4
    customers, colleagues = result.profiles["customers"], result.profiles["colleagues"]
    assert (customers["trust"].count, customers["trust"].mean) == (3, 4.3)
    assert (colleagues["trust"].count, colleagues["trust"].mean) == (4, 2.3)
    assert (colleagues["meaning"].count, colleagues["meaning"].mean) == (3, 2.7)
    assert [(g.dimension, g.gap) for g in result.widest] == [
        ("trust", 2.0),
        ("meaning", 1.6),
        ("example", 1.6),
    ]


def test_below_three_answers_no_figure_is_given(room):
    for n, person in enumerate(room.people[:2]):
        barometer.save_answers(person, "day0", {"colleagues": ratings(2 + n)}, f"p{n}")
    barometer.close_round(room.facilitator, "day0")
    result = barometer.summary(room.workshop, "day0")
    assert result.respondents == 2
    figures = [f for side in result.profiles.values() for f in side.values()]
    assert all(f.mean is None for f in figures)
    assert result.widest == ()


def test_day0_against_day15_once_both_rounds_are_closed(room):
    day0_answers(room)
    barometer.close_round(room.facilitator, "day0")
    room.phase("client_ideas", "transposition", "vote", "results")
    assert barometer.comparison(room.workshop) is None
    barometer.open_round(room.facilitator, "day15")
    for n, person in enumerate(room.people[:3]):
        barometer.save_answers(person, "day15", {"colleagues": ratings(4)}, f"d15-{n}")
    assert barometer.comparison(room.workshop) is None
    assert barometer.summary(room.workshop, "day15") is None
    barometer.close_round(room.facilitator, "day15")
    trust = barometer.comparison(room.workshop)[0]
    assert trust.dimension == "trust"
    assert (trust.day0.mean, trust.day15.mean, trust.change) == (2.3, 4.0, 1.7)
    assert (trust.gap_day0, trust.gap_day15, trust.gap_change) == (2.0, 0.3, -1.7)


def test_each_workshop_counts_its_own_answers(room):
    other = Room(names=("Inès", "Paul", "Jade"))
    barometer.open_round(other.facilitator, "day0")
    for n, person in enumerate(other.people):
        barometer.save_answers(person, "day0", {"colleagues": ratings(5)}, f"o{n}")
    barometer.save_answers(room.people[0], "day0", {"colleagues": ratings(1)}, "mine")
    assert room.state()["respondents"] == 1
    barometer.close_round(room.facilitator, "day0")
    assert barometer.summary(room.workshop, "day0").profiles["colleagues"]["trust"].count == 1


def test_deleting_a_workshop_deletes_its_barometer(room):
    barometer.save_answers(room.people[0], "day0", {"colleagues": ratings(3)}, "x")
    exports.delete_workshop(room.id)
    for model in (BarometerAnswers, BarometerRound):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_without_a_day0_baseline_the_review_does_not_open_day15(ctx):
    """A workshop past the lobby when the barometer came (or one whose day 0
    never opened) has nothing to compare day 15 with."""
    room = Room()
    db.session.execute(db.delete(BarometerRound).filter_by(workshop_id=room.id))
    db.session.commit()
    room.phase("client_ideas", "transposition", "vote", "results", "review")
    assert room.state("day15")["opened"] is False
    # The facilitator may still open it on purpose.
    barometer.open_round(room.facilitator, "day15")
    assert room.state("day15")["accepting"] is True


def test_going_back_a_step_keeps_day15_open(ctx):
    room = Room()
    room.phase("client_ideas", "transposition", "vote", "results")
    barometer.open_round(room.facilitator, "day15")
    room.phase("vote", "results", "review")
    assert room.state("day15")["accepting"] is True
