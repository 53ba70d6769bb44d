"""A realistic workshop, played through the real services (``atelier demo``).

The sample texts are what a team in Rennes actually typed, so screens,
screenshots and benchmarks look like real use.
"""

import json
import random
import zlib
from importlib import resources

from .. import served_texts
from ..domain import served
from ..domain.barometer import DIMENSIONS
from ..domain.phases import LIVE_SEQUENCE, Phase
from ..extensions import db
from ..models import Idea, Vote, Workshop
from ..services import ideas, participants, review, votes, workshops
from ..services.identity import Identity, facilitator_key
from . import barometer as demo_barometer
from .large import DECISION_NOTES, LONG_COMMENTS, large_sample

STEPS = (*LIVE_SEQUENCE[1:], Phase.REVIEW, Phase.CLOSED)

# What people say at day 15, by feeling: tried or not, every answer counts.
COMMENTS = {
    "fr": [
        "Pas trouvé le bon moment, je retente cette quinzaine.",
        "Essayé deux fois, l'accueil a été mitigé.",
        "Ça a pris tout de suite, l'équipe en redemande.",
        "Plus simple que prévu : il suffisait de commencer.",
        "",
    ],
    "en": [
        "Could not find the right moment; trying again this fortnight.",
        "Tried it twice, the response was mixed.",
        "It caught on at once, the team wants more.",
        "Easier than expected: we just had to start.",
        "",
    ],
}
OUTCOME = {
    "fr": (
        "Prolonger l'expérience d'un mois, puis inviter l'équipe du soir.",
        "Commencer petit marche mieux que promettre beaucoup.",
    ),
    "en": (
        "Run the experiment for another month, then invite the evening team.",
        "Starting small works better than promising a lot.",
    ),
}


def sample(language: str, serves: str | dict = served.DEFAULT) -> dict:
    """The Rennes team's texts; for a team serving others than customers, a
    town hall's front desk, whose ideas name no customer (they speak of
    "each person", so they fit every choice) and whose title uses the choice."""
    if serves == served.DEFAULT:
        name = f"sample-workshop.{language}.json"
    else:
        name = f"sample-public.{language}.json"
    data = json.loads(resources.files(__name__).joinpath(name).read_text())
    if serves != served.DEFAULT:
        choice = served.clean_serves(serves)
        words = served_texts.words(
            choice["serves"], choice["serves_singular"], choice["serves_plural"], language
        )
        data["title"] = data["title"] % {"people": words.people}
    return data


SIZES = ("demo", "large")


def play(
    language: str = "fr",
    until: Phase = Phase.RESULTS,
    seed: int = 15,
    size: str = "demo",
    *,
    workshop: Workshop | None = None,
    **settings,
):
    """Create the sample workshop and play it up to the step ``until``.

    ``size="large"``: 40 people, 120 client ideas and 90 colleague ideas of up
    to 280 characters, long comments and decision notes (atelier/demo/large.py).
    ``workshop``: play one already made (a draft) instead; ``settings`` and
    ``owner`` go to the workshop made otherwise.
    """
    serves = settings.get("serves", served.DEFAULT)
    if size == "large" and serves != served.DEFAULT:
        raise ValueError("the large sample speaks of customers")
    data = sample(language, serves)
    if size == "large":
        data = large_sample(data, language)
    if workshop is None:
        owner = settings.pop("owner", None)
        values = {"title": data["title"], "team": data["team"], "language": language}
        workshop, key = workshops.create_workshop(values | settings, owner=owner)
    else:
        key = facilitator_key(workshop)
    facilitator = Identity(workshop.id, facilitator=True)
    steps = STEPS[: STEPS.index(until) + 1]
    people: list[Identity] = []
    colleague_ids: list[int] = []
    for step in steps:
        workshops.set_phase(facilitator, step.value)
        if step is Phase.LOBBY:
            for n, name in enumerate(data["participants"]):
                _, person = participants.join(workshop, name, f"demo-join-{n}")
                people.append(Identity(workshop.id, participant_id=person.id))
            demo_barometer.day0(facilitator, people, seed)
        elif step is Phase.CLIENT_IDEAS:
            demo_barometer.close(facilitator, "day0")  # the warm-up ends with the lobby
            client_ids = [
                ideas.post_idea(
                    people[n % len(people)], "client", idea["text"], None, f"c{n}"
                ).result["idea_id"]
                for n, idea in enumerate(data["client_ideas"])
            ]
        elif step is Phase.TRANSPOSITION:
            for n, (idea, parent) in enumerate(zip(data["client_ideas"], client_ids, strict=True)):
                for m, text in enumerate(idea["colleague_versions"]):
                    author = people[(n + m + 1) % len(people)]
                    posted = ideas.post_idea(author, "colleague", text, parent, f"t{n}-{m}")
                    colleague_ids.append(posted.result["idea_id"])
            for n, text in enumerate(data["free_colleague_ideas"]):
                posted = ideas.post_idea(people[n], "colleague", text, None, f"free{n}")
                colleague_ids.append(posted.result["idea_id"])
        elif step is Phase.VOTE:
            colleague_ids = _offered(workshop.id)  # with ideas carried from elsewhere
            # A few favourites, as in a real room, without being unanimous.
            rng = random.Random(seed)
            weights = [1 + (len(colleague_ids) - i) % 5 for i in range(len(colleague_ids))]
            for n, person in enumerate(people):
                ballot = set()
                while len(ballot) < min(workshop.votes_per_person, len(colleague_ids)):
                    ballot.add(rng.choices(colleague_ids, weights)[0])
                votes.set_ballot(person, sorted(ballot), f"vote-{n}")
        elif step is Phase.REVIEW:
            demo_barometer.day15(facilitator, people, seed)
            _review(workshop.id, facilitator, people, language, seed, large=size == "large")
    return workshop, key


def _dimension(text: str) -> str:
    """The barometer dimension a decided idea serves: the same for the same
    words in every demo workshop (the library groups them)."""
    return DIMENSIONS[zlib.crc32(text.encode()) % len(DIMENSIONS)]


def _offered(workshop_id: int) -> list[int]:
    """The colleague ideas the vote offers, in the order they were posted."""
    query = (
        db.select(Idea.id)
        .filter_by(workshop_id=workshop_id, kind="colleague", hidden=False, merged_into_id=None)
        .order_by(Idea.id)
    )
    return list(db.session.scalars(query))


def _review(
    workshop_id: int, facilitator: Identity, people, language: str, seed: int, large: bool = False
) -> None:
    """Most people report; the group decides on the most chosen ideas."""
    rng = random.Random(seed)
    comments = (LONG_COMMENTS if large else COMMENTS)[language]
    notes = DECISION_NOTES[language] if large else ["", "", "", ""]
    for n, person in enumerate(people[:-2]):  # two people never answered
        chosen = db.session.scalars(
            db.select(Vote.idea_id).filter_by(participant_id=person.participant_id)
        ).all()
        for idea_id in chosen:
            feeling = rng.choice([2, 3, 4, 4, 5])
            tried = "no" if feeling == 2 else rng.choice(["yes", "yes", "partly"])
            comment = comments[min(feeling - 2, 4)] if rng.random() < 0.6 else ""
            review.save_report(person, idea_id, tried, feeling, comment, f"report-{n}-{idea_id}")
    ranked = db.session.execute(
        db.select(Vote.idea_id, db.func.count())
        .filter_by(workshop_id=workshop_id)
        .group_by(Vote.idea_id)
        .order_by(db.func.count().desc(), Vote.idea_id)
    ).all()
    choices = ["keep", "extend", "spread", "stop"]
    for (idea_id, _), choice, note in zip(ranked, choices, notes, strict=False):
        text = db.session.get(Idea, idea_id).text
        review.set_decision(facilitator, idea_id, choice, note, dimension=_dimension(text))
    note, lessons = OUTCOME[language]
    review.set_outcome(facilitator, "longer_experiment", note, lessons)
