"""A realistic workshop, played through the real services (``atelier demo``).

The sample texts are what a team in Rennes actually typed, so screens,
screenshots and benchmarks look like real use.
"""

import json
import random
from importlib import resources

from ..domain.phases import LIVE_SEQUENCE, Phase
from ..services import ideas, participants, votes, workshops
from ..services.identity import Identity


def sample(language: str) -> dict:
    text = resources.files(__name__).joinpath(f"sample-workshop.{language}.json").read_text()
    return json.loads(text)


def play(language: str = "fr", until: Phase = Phase.RESULTS, seed: int = 15):
    """Create the sample workshop and play it up to the step ``until``."""
    data = sample(language)
    workshop, key = workshops.create_workshop(
        {"title": data["title"], "team": data["team"], "language": language}
    )
    facilitator = Identity(workshop.id, facilitator=True)
    steps = LIVE_SEQUENCE[1 : LIVE_SEQUENCE.index(until) + 1]
    people: list[Identity] = []
    colleague_ids: list[int] = []
    for step in steps:
        workshops.set_phase(facilitator, step.value)
        if step is Phase.LOBBY:
            for n, name in enumerate(data["participants"]):
                _, person = participants.join(workshop, name, f"demo-join-{n}")
                people.append(Identity(workshop.id, participant_id=person.id))
        elif step is Phase.CLIENT_IDEAS:
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
            # A few favourites, as in a real room, without being unanimous.
            rng = random.Random(seed)
            weights = [1 + (len(colleague_ids) - i) % 5 for i in range(len(colleague_ids))]
            for n, person in enumerate(people):
                ballot = set()
                while len(ballot) < min(workshop.votes_per_person, len(colleague_ids)):
                    ballot.add(rng.choices(colleague_ids, weights)[0])
                votes.set_ballot(person, sorted(ballot), f"vote-{n}")
    return workshop, key
