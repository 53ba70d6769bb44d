"""A whole live workshop through the Socket.IO transport, as the room lives it."""

from atelier.extensions import socketio

from ..support import Client, client_id

NAMES = ["Zoé", "Jean-François", "Amina", "Lucas", "Maëlle"]


def drain_all(*clients):
    for c in clients:
        c.drain()


def fresh(app, client: Client, code: str, view: str) -> dict:
    """What a page opened now would see: the reference every open page must match."""
    other = socketio.test_client(
        app, flask_test_client=client.sio.flask_test_client, auth={"code": code, "view": view}
    )
    state = other.get_received()[0]["args"][0]
    other.disconnect()
    return state


def test_facilitator_screen_and_five_phones_run_a_workshop_and_agree(app, harness):
    code, facilitator, screen, phones = harness.open_workshop(NAMES)
    everyone = [facilitator, screen, *phones]

    facilitator.ok("phase.set", {"phase": "client_ideas"})
    client_ideas = {}
    for phone, text in zip(
        phones, ["Appeler par le prénom", "Un café", "Rappeler", "Merci", "Sourire"], strict=True
    ):
        ack = harness.post(phone, text)
        assert ack["ok"], ack
        client_ideas[text] = ack["idea_id"]
    drain_all(*everyone)
    assert [i["text"] for i in screen.store.ideas.values()][:2] == [
        "Appeler par le prénom",
        "Un café",
    ]

    facilitator.ok("phase.set", {"phase": "transposition"})
    colleague = []
    for n, phone in enumerate(phones):
        parent = list(client_ideas.values())[n]
        ack = harness.post(phone, f"Version collègue {n}", kind="colleague", parent_id=parent)
        assert ack["ok"], ack
        colleague.append(ack["idea_id"])
    free = harness.post(phones[0], "Une idée libre", kind="colleague")
    assert free["ok"]
    colleague.append(free["idea_id"])
    drain_all(*everyone)
    mirror = [i for i in screen.store.ideas.values() if i["parent_id"] == client_ideas["Un café"]]
    assert [i["text"] for i in mirror] == ["Version collègue 1"]

    facilitator.ok("phase.set", {"phase": "vote"})
    for n, phone in enumerate(phones):
        ack = phone.ok(
            "vote.set", {"idea_ids": [colleague[0], colleague[1 + n % 4]], "client_id": client_id()}
        )
        assert sorted(ack["votes"]) == sorted({colleague[0], colleague[1 + n % 4]})
    drain_all(*everyone)
    # Tallies stay off the room's devices until revealed; the facilitator sees them.
    assert screen.store.votes["complete"] == 5
    assert screen.store.votes["tallies"] is None
    assert facilitator.store.votes["tallies"][str(colleague[0])] == 5

    facilitator.ok("tallies.reveal", {"revealed": True})
    drain_all(*everyone)
    assert screen.store.votes["tallies"][str(colleague[0])] == 5
    # Hidden again: a page that merges ops as documented drops the counts,
    # exactly as a fresh snapshot has none.
    facilitator.ok("tallies.reveal", {"revealed": False})
    drain_all(*everyone)
    assert screen.store.votes["tallies"] is None
    assert screen.sync()["votes"]["tallies"] is None
    assert facilitator.store.votes["tallies"][str(colleague[0])] == 5

    facilitator.ok("phase.set", {"phase": "results"})
    drain_all(*everyone)
    assert phones[2].me["votes"] == sorted([colleague[0], colleague[3]])

    for page, view in [(facilitator, "facilitator"), (screen, "screen")]:
        reference = fresh(app, page, code, view)
        from ..support import Store

        assert page.store.comparable() == Store(reference).comparable()
        assert page.store.gaps == 0
    for phone in phones:
        reference = fresh(app, phone, code, "phone")
        from ..support import Store

        assert phone.store.comparable() == Store(reference).comparable()
        assert phone.me["votes"] == reference["me"]["votes"]
    assert screen.store.workshop["phase"] == "results"


def test_changes_are_incremental_not_the_whole_workshop(harness):
    code, facilitator, screen, phones = harness.open_workshop(["A", "B"])
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    for n in range(20):
        harness.post(phones[0], f"idée {n}")
    screen.drain()
    harness.post(phones[1], "une de plus")
    received = screen.drain()
    assert [m["name"] for m in received] == ["change"]
    assert received[0]["args"][0]["ops"] == [
        {
            "type": "idea",
            "data": {
                "id": received[0]["args"][0]["ops"][0]["data"]["id"],
                "kind": "client",
                "text": "une de plus",
                "parent_id": None,
                "authors": ["B"],
                "origin": None,
            },
        }
    ]


def test_each_device_of_the_author_marks_a_new_idea_as_theirs(app, harness):
    code, facilitator, screen, (phone,) = harness.open_workshop(["Zoé"])
    other_device = Client(app, phone.http, code, "phone")
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    idea = harness.post(phone, "Un café offert")["idea_id"]
    for device in (phone, other_device):
        device.drain()
        assert device.me["idea_ids"] == [idea]


def test_a_choice_taken_back_counts_zero_on_the_pages_that_show_tallies(harness):
    code, facilitator, screen, (a,) = harness.open_workshop(["A"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    one, two = (harness.post(a, text, kind="colleague")["idea_id"] for text in ("un", "deux"))
    facilitator.ok("phase.set", {"phase": "vote"})
    facilitator.ok("tallies.reveal", {"revealed": True})
    a.ok("vote.set", {"idea_ids": [one, two], "client_id": client_id()})
    a.ok("vote.set", {"idea_ids": [one], "client_id": client_id()})
    for page in (facilitator, screen):
        page.drain()
        assert page.store.votes["tallies"] == {str(one): 1, str(two): 0}, page


def test_timer_reaches_every_device(harness):
    code, facilitator, screen, phones = harness.open_workshop(["A"])
    facilitator.ok("timer.start", {"seconds": 300})
    drain_all(screen, phones[0])
    for page in (screen, phones[0]):
        assert page.store.workshop["timer"]["seconds"] == 300
        assert page.store.workshop["timer"]["ends_at"].endswith("Z")
    facilitator.ok("timer.stop")
    drain_all(screen)
    assert screen.store.workshop["timer"] is None


def test_names_hidden_workshop_never_sends_author_names(harness):
    code, facilitator, screen, phones = harness.open_workshop(["Secret"], show_names=False)
    facilitator.ok("phase.set", {"phase": "client_ideas"})
    ack = harness.post(phones[0], "anonyme")
    drain_all(screen, facilitator, phones[0])
    assert screen.store.ideas[ack["idea_id"]]["authors"] == []
    assert facilitator.store.ideas[ack["idea_id"]]["authors"] == []
    # …but the author's own phone knows the idea is theirs.
    assert phones[0].sync()["me"]["idea_ids"] == [ack["idea_id"]]


def test_the_screen_in_the_facilitators_browser_takes_the_keyboard_shortcuts(app, harness):
    code, http, _ = harness.create()
    refused = harness.screen(code).act("phase.set", {"phase": "lobby"})
    assert refused["error"]["code"] == "not_facilitator"
    harness.screen(code, http).ok("phase.set", {"phase": "lobby"})


def test_a_ballot_is_complete_only_when_full_and_none_before_there_is_a_choice(harness):
    code, facilitator, screen, (zoe, karim) = harness.open_workshop(["Zoé", "Karim"])
    # Nothing to choose yet: nobody's ballot can be complete.
    assert screen.store.votes == {"voters": 0, "complete": 0, "limit": 0, "tallies": None}
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    ideas = [harness.post(zoe, f"Idée {n}", kind="colleague")["idea_id"] for n in range(3)]
    facilitator.ok("phase.set", {"phase": "vote"})
    zoe.ok("vote.set", {"idea_ids": ideas[:2], "client_id": client_id()})
    karim.ok("vote.set", {"idea_ids": ideas[:1], "client_id": client_id()})  # one of two
    screen.drain()
    assert screen.store.votes == {"voters": 2, "complete": 1, "limit": 2, "tallies": None}


def test_a_ballot_tells_the_phone_its_choices_and_keeps_its_email(harness):
    code, facilitator, screen, (zoe,) = harness.open_workshop(["Zoé"])
    for phase in ("client_ideas", "transposition"):
        facilitator.ok("phase.set", {"phase": phase})
    idea = harness.post(zoe, "Idée", kind="colleague")["idea_id"]
    facilitator.ok("phase.set", {"phase": "vote"})
    zoe.ok("email.set", {"email": "zoe@example.org"})
    zoe.ok("vote.set", {"idea_ids": [idea], "client_id": client_id()})
    me = [m["args"][0] for m in zoe.drain() if m["name"] == "me"][-1]
    assert (me["votes"], me["email"]) == ([idea], "zoe@example.org")
