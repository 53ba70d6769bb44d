"""The library's rules: what makes an entry, how carried-over ideas group, the figures."""

from atelier.domain.library import (
    Entry,
    IdeaFacts,
    entries,
    kept,
    matches,
    root_of,
    search_words,
    team_key,
    word_stem,
)


def idea(id, workshop=1, team="team:1", text=None, **kw):
    return IdeaFacts(id=id, workshop_id=workshop, team=team, text=text or f"Idée {id}", **kw)


def test_an_idea_nobody_tried_makes_no_entry():
    assert entries([idea(1, commitments=3, feelings=())], {}) == []


def test_a_carried_over_idea_and_its_origin_are_one_entry_in_the_first_wording():
    first = idea(1, text="Un café le lundi", commitments=2, feelings=(4, 5), decision="keep")
    carried = idea(
        7,
        workshop=2,
        team="team:2",
        text="Un café le lundi, repris",
        origin_id=1,
        commitments=3,
        feelings=(2,),
        decision="spread",
    )
    again = idea(9, workshop=3, team="team:1", origin_id=7, commitments=1, feelings=(3,))
    (entry,) = entries([carried, again, first], {7: 1, 9: 7})
    assert entry.text == "Un café le lundi"
    assert entry.teams == 2  # team 1 twice counts once
    assert entry.people == 4
    assert entry.feeling == 3.5
    assert entry.decisions == {"keep": 1, "spread": 1}
    assert entry.workshop_ids == {1, 2, 3}


def test_the_same_words_in_two_workshops_are_one_entry_and_a_line_joins_them():
    """Two groups who wrote the same idea (case, accents and spacing aside) tried
    one idea; an idea carried from the second joins the same entry."""
    rennes = idea(3, text="Un café d’équipe le lundi", commitments=2, feelings=(4,))
    brest = idea(5, workshop=2, team="team:2", text="un  cafe d’equipe LE lundi",
                 commitments=1, feelings=(5,))  # fmt: skip
    carried = idea(8, workshop=3, team="team:3", text="Un café le lundi, chez nous",
                   origin_id=5, commitments=1, feelings=(3,))  # fmt: skip
    other = idea(9, text="Des plantes", commitments=1, feelings=(2,))
    made = entries([carried, brest, rennes, other], {8: 5})
    assert [(e.text, e.teams, e.people) for e in made] == [
        ("Un café d’équipe le lundi", 3, 3),
        ("Des plantes", 1, 1),
    ]


def test_a_line_through_an_opted_out_workshop_stays_one_entry():
    # Idea 5 sits in a workshop that opted out: its figures are not here, its link is.
    a = idea(1, feelings=(4,), commitments=1)
    c = idea(8, workshop=3, team="team:3", origin_id=5, feelings=(2,), commitments=1)
    (entry,) = entries([a, c], {5: 1, 8: 5})
    assert entry.people == 2 and entry.teams == 2


def test_a_loop_of_origins_ends():
    assert root_of(1, {1: 2, 2: 1}) in (1, 2)
    # A loop further up the line ends too.
    assert root_of(1, {1: 2, 2: 3, 3: 2}) in (2, 3)


def test_teams_count_only_ideas_committed_to_and_a_workshop_without_team_is_its_own():
    a = idea(1, team="workshop:1", commitments=1, feelings=(4,))
    b = idea(2, workshop=2, team="workshop:2", origin_id=1, commitments=1, feelings=(5,))
    c = idea(3, workshop=3, team="team:9", origin_id=1, commitments=0)
    (entry,) = entries([a, b, c], {2: 1, 3: 1})
    assert entry.teams == 2


def test_the_dimension_is_the_most_named_one():
    a = idea(1, feelings=(4,), commitments=1, dimension="listening")
    b = idea(2, origin_id=1, dimension="cooperation")
    c = idea(3, origin_id=1, dimension="cooperation")
    (entry,) = entries([a, b, c], {2: 1, 3: 1})
    assert entry.dimension == "cooperation"
    # The most named wins whatever its name; a tie goes to the barometer's order.
    d = idea(5, feelings=(4,), dimension="cooperation")
    e = idea(6, origin_id=5, dimension="trust")
    f = idea(7, origin_id=5, dimension="trust")
    assert entries([d, e, f], {6: 5, 7: 5})[0].dimension == "trust"
    g = idea(8, feelings=(4,), dimension="cooperation")
    h = idea(9, origin_id=8, dimension="trust")
    assert entries([g, h], {9: 8})[0].dimension == "trust"
    assert entries([idea(4, feelings=(3,), dimension="nope")], {})[0].dimension is None


def test_entries_most_tried_first_then_best_felt():
    items = entries(
        [
            idea(1, feelings=(5,)),
            idea(2, feelings=(2, 3)),
            idea(3, feelings=(4, 4)),
        ],
        {},
    )
    assert [e.key for e in items] == [3, 2, 1]
    # The feeling as printed: one decimal.
    assert entries([idea(4, feelings=(4, 4, 5))], {})[0].feeling == 4.3


def test_workshops_of_one_team_count_once_and_each_workshop_without_team_apart():
    assert team_key(7, 1) == team_key(7, 2) == "team:7"
    assert team_key(None, 1) != team_key(None, 2)
    assert team_key(None, 7) != team_key(7, 7)


def test_filters_and_search():
    (entry,) = entries([idea(1, feelings=(4,), decision="stop", dimension="trust")], {})
    assert matches(entry)
    assert matches(entry, found={1, 5}) and not matches(entry, found={5})
    assert not matches(entry, found=set())
    assert matches(entry, dimension="trust") and not matches(entry, dimension="ease")
    assert matches(entry, outcome="stop") and not matches(entry, outcome="keep")


def test_kept_means_kept_extended_or_spread_most_kept_first():
    items = entries(
        [
            idea(1, feelings=(5, 5), decision="stop"),
            idea(2, feelings=(4,), decision="extend"),
            idea(3, feelings=(3,), decision="keep"),
            idea(4, workshop=2, origin_id=3, feelings=(3,), decision="spread"),
        ],
        {4: 3},
    )
    assert [e.key for e in kept(items, 6)] == [3, 2]
    assert [e.key for e in kept(items, 1)] == [3]


def test_search_words_are_letters_and_digits_only():
    assert search_words('"équipe* OR NEAR(café) -x') == ["équipe", "OR", "NEAR", "café", "x"]
    assert search_words("") == []
    assert word_stem("équipes") == "équipe" and word_stem("bus") == "bus"
    # Four letters are enough for a plural; capitals too ("CAFÉS" finds "café").
    assert word_stem("cafés") == "café" and word_stem("Mots") == "Mot"
    assert word_stem("CAFÉS") == "CAFÉ" and word_stem("PRIX") == "PRI"
    # At most eight words of at most forty characters reach the engine.
    assert search_words(" ".join(f"mot{i}" for i in range(12))) == [f"mot{i}" for i in range(8)]
    assert search_words("a" * 50) == ["a" * 40]


def test_kept_orders_by_all_three_kept_decisions_together():
    a = Entry(key=1, text="Idée 1", decisions={"keep": 1, "extend": 1, "spread": 1})
    b = Entry(key=2, text="Idée 2", decisions={"keep": 2, "stop": 5})
    # b comes first in the list; a was kept three times, b twice.
    assert [e.key for e in kept([b, a], 6)] == [1, 2]
