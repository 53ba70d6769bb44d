"""The facilitator edits, hides and merges; authors and votes follow."""

from ..support import client_id


def test_edit_reaches_the_room(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    idea = harness.post(phone, "Apeler par le prénom")["idea_id"]
    facilitator.ok("idea.edit", {"idea_id": idea, "text": "Appeler par le prénom"})
    screen.drain()
    assert screen.store.ideas[idea]["text"] == "Appeler par le prénom"


def test_hidden_idea_leaves_the_room_but_not_the_facilitator(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    idea = harness.post(phone, "hors sujet")["idea_id"]
    facilitator.ok("idea.hide", {"idea_id": idea, "hidden": True})
    screen.drain(), facilitator.drain(), phone.drain()
    assert idea not in screen.store.ideas and idea not in phone.store.ideas
    assert facilitator.store.ideas[idea]["hidden"] is True
    facilitator.ok("idea.hide", {"idea_id": idea, "hidden": False})
    screen.drain()
    assert screen.store.ideas[idea]["text"] == "hors sujet"


def test_merge_keeps_both_authors_and_moves_children(harness):
    code, facilitator, screen, (zoe, karim) = harness.open_workshop(["Zoé", "Karim"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    kept = harness.post(zoe, "Un café offert")["idea_id"]
    dup = harness.post(karim, "Offrir un café")["idea_id"]
    facilitator.ok("phase.set", {"phase": "transposition"})
    child = harness.post(karim, "Café du lundi", kind="colleague", parent_id=dup)["idea_id"]
    facilitator.ok("idea.merge", {"idea_id": dup, "into_id": kept})
    screen.drain(), karim.drain()
    assert dup not in screen.store.ideas
    assert screen.store.ideas[kept]["authors"] == ["Zoé", "Karim"]
    assert screen.store.ideas[child]["parent_id"] == kept
    assert kept in karim.me["idea_ids"]


def test_merge_during_the_vote_keeps_votes_and_collapses_doubles(harness):
    code, facilitator, screen, (a, b, c) = harness.open_workshop(["A", "B", "C"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    one, two, three = (
        harness.post(a, text, kind="colleague")["idea_id"] for text in ("un", "deux", "trois")
    )
    facilitator.ok("phase.set", {"phase": "vote"})
    a.ok("vote.set", {"idea_ids": [one, two], "client_id": client_id()})
    b.ok("vote.set", {"idea_ids": [two, three], "client_id": client_id()})
    c.ok("vote.set", {"idea_ids": [three], "client_id": client_id()})
    facilitator.ok("idea.merge", {"idea_id": two, "into_id": one})
    facilitator.drain(), a.drain(), b.drain()
    # A chose both: one vote remains and A gets a choice back. B's vote moved.
    assert a.me["votes"] == [one]
    assert sorted(b.me["votes"]) == sorted([one, three])
    assert facilitator.store.votes["tallies"][str(one)] == 2
    assert facilitator.store.votes["tallies"][str(two)] == 0


def test_hiding_a_chosen_idea_gives_the_choice_back(harness):
    facilitator, screen, a, (one, two) = _voting_on_two_ideas(harness)
    a.ok("vote.set", {"idea_ids": [one, two], "client_id": client_id()})
    facilitator.ok("idea.hide", {"idea_id": two, "hidden": True})
    a.drain()
    assert a.me["votes"] == [one]


def test_a_facilitator_hides_or_shows_with_true_or_false_only(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    idea = harness.post(phone, "hors sujet")["idea_id"]
    for hidden in ("yes", 1, None):
        ack = facilitator.act("idea.hide", {"idea_id": idea, "hidden": hidden})
        assert ack["ok"] is False and ack["error"]["code"] == "invalid_request", ack
    screen.drain()
    assert screen.store.ideas[idea]["text"] == "hors sujet"


def test_hiding_a_chosen_idea_brings_its_tally_to_zero(harness):
    code, facilitator, screen, (a, b) = harness.open_workshop(["A", "B"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    one = harness.post(a, "un", kind="colleague")["idea_id"]
    two = harness.post(a, "deux", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    a.ok("vote.set", {"idea_ids": [one, two], "client_id": client_id()})
    b.ok("vote.set", {"idea_ids": [two], "client_id": client_id()})
    facilitator.drain()
    assert facilitator.store.votes["tallies"] == {str(one): 1, str(two): 2}
    facilitator.ok("idea.hide", {"idea_id": two, "hidden": True})
    facilitator.drain()
    assert facilitator.store.votes["tallies"] == {str(one): 1, str(two): 0}


def test_an_idea_cannot_be_merged_into_itself(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    idea = harness.post(phone, "Un café offert")["idea_id"]
    ack = facilitator.act("idea.merge", {"idea_id": idea, "into_id": idea})
    assert ack["ok"] is False and ack["error"]["code"] == "merge_invalid", ack
    screen.drain()
    assert screen.store.ideas[idea]["text"] == "Un café offert"


def test_a_merge_leaves_the_other_choices_of_someone_who_chose_both(harness):
    code, facilitator, screen, (a, b) = harness.open_workshop(["A", "B"], votes_per_person=3)
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    one, two, three, four = (
        harness.post(a, text, kind="colleague")["idea_id"]
        for text in ("un", "deux", "trois", "quatre")
    )
    facilitator.ok("phase.set", {"phase": "vote"})
    a.ok("vote.set", {"idea_ids": [one, two, three], "client_id": client_id()})
    b.ok("vote.set", {"idea_ids": [two, four], "client_id": client_id()})
    facilitator.ok("idea.merge", {"idea_id": two, "into_id": one})
    facilitator.drain(), a.drain(), b.drain()
    # A gets back the choice of the duplicate, and keeps the others.
    assert sorted(a.me["votes"]) == sorted([one, three])
    assert sorted(b.me["votes"]) == sorted([one, four])
    tallies = facilitator.store.votes["tallies"]
    assert (tallies[str(one)], tallies[str(two)], tallies[str(three)]) == (2, 0, 1)


def test_showing_a_hidden_idea_again_gives_the_vote_its_limit_back(harness):
    facilitator, screen, a, (one, two) = _voting_on_two_ideas(harness)
    facilitator.ok("idea.hide", {"idea_id": two, "hidden": True})
    a.ok("vote.set", {"idea_ids": [one], "client_id": client_id()})
    screen.drain(), a.drain()
    assert a.store.votes["limit"] == 1 and screen.store.votes["complete"] == 1
    # Two ideas to choose from again: two choices, and A's ballot is no longer full.
    facilitator.ok("idea.hide", {"idea_id": two, "hidden": False})
    screen.drain(), a.drain()
    assert a.store.votes["limit"] == 2 and screen.store.votes["complete"] == 0
    a.ok("vote.set", {"idea_ids": [one, two], "client_id": client_id()})


def test_hiding_a_client_idea_sends_no_vote_news(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    idea = harness.post(phone, "hors sujet")["idea_id"]
    facilitator.drain()
    for hidden in (True, False):
        facilitator.ok("idea.hide", {"idea_id": idea, "hidden": hidden})
        ops = [
            op["type"]
            for m in facilitator.drain()
            if m["name"] == "change"
            for op in m["args"][0]["ops"]
        ]
        assert ops == ["idea"], ops
    # Votes are counted on colleague ideas only.
    assert str(idea) not in (facilitator.store.votes["tallies"] or {})


def test_a_merged_away_idea_is_gone_for_editing_hiding_and_mirroring(harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    kept = harness.post(phone, "Un café offert")["idea_id"]
    dup = harness.post(phone, "Offrir un café")["idea_id"]
    facilitator.ok("idea.merge", {"idea_id": dup, "into_id": kept})
    facilitator.ok("phase.set", {"phase": "transposition"})
    for ack in (
        facilitator.act("idea.edit", {"idea_id": dup, "text": "Offrir deux cafés"}),
        facilitator.act("idea.hide", {"idea_id": dup, "hidden": True}),
        harness.post(phone, "Café du lundi", kind="colleague", parent_id=dup),
    ):
        assert ack["ok"] is False and ack["error"]["code"] == "idea_not_found", ack
    screen.drain()
    assert list(screen.store.ideas) == [kept]


def _voting_on_two_ideas(harness):
    """One phone, two colleague ideas of its own, the vote open."""
    code, facilitator, screen, (a,) = harness.open_workshop(["A"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    ideas = [harness.post(a, text, kind="colleague")["idea_id"] for text in ("un", "deux")]
    facilitator.ok("phase.set", {"phase": "vote"})
    return facilitator, screen, a, ideas
