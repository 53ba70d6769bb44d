"""The migrations build exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from atelier import create_app
from atelier.config import secret_key_from_instance
from atelier.extensions import db
from atelier.models.search import include_object


def test_upgrade_on_an_empty_database_matches_the_models(database_url):
    app = _migrated_app(database_url)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        with db.engine.connect() as connection:
            # The full-text index is raw DDL, outside the models (models/search.py).
            context = MigrationContext.configure(
                connection, opts={"include_object": include_object}
            )
            diff = compare_metadata(context, db.metadata)
            fts = _full_text_objects(connection)
        db.engine.dispose()
    assert diff == []
    assert fts, "the library's full-text index was not made"


def _full_text_objects(connection) -> list:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE name LIKE 'ideas_fts%'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_ideas_text_search'"
    return connection.execute(text(query)).scalars().all()


def test_secret_key_is_generated_into_the_instance_folder_once(tmp_path):
    first = secret_key_from_instance(str(tmp_path))
    assert len(first) >= 32
    assert secret_key_from_instance(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_atelier_instance_path_moves_the_database_and_the_secret_key(tmp_path, monkeypatch):
    elsewhere = tmp_path / "srv" / "atelier-data"
    monkeypatch.setenv("ATELIER_INSTANCE_PATH", str(elsewhere))
    monkeypatch.delenv("ATELIER_SECRET_KEY", raising=False)
    monkeypatch.delenv("ATELIER_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    assert app.instance_path == str(elsewhere)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    assert (elsewhere / "atelier.sqlite3").exists()
    assert (elsewhere / "secret_key").read_text().strip() == app.secret_key


def _migrated_app(url: str):
    return create_app(
        {"TESTING": True, "ASYNC_MODE": "threading", "DATABASE_URL": url, "SECRET_KEY": "t"}
    )


def _insert_workshop(connection, wid: int, phase: str) -> None:
    """A workshop row as revisions 0005 to 0010 hold it."""
    connection.execute(
        text(
            "INSERT INTO workshops (id, code, facilitator_nonce, title, team, team_key,"
            " language, date, votes_per_person, commitment_days, show_names, phase,"
            " version, tallies_revealed, created_at, next_step_note, lessons)"
            " VALUES (:id, :code, 'n', 't', '', '', 'fr', '2026-11-23', 2, 15, true,"
            " :phase, 1, false, '2026-11-23', '', '')"
        ),
        {"id": wid, "code": f"CODE{wid}X", "phase": phase},
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'before.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def test_what_a_names_hidden_workshop_holds_stays_anonymous_after_the_upgrade(database_url):
    """Rows written before anonymity was recorded: those of a workshop that hides
    names now become anonymous for good; the others stay named."""
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0005")
        with db.engine.begin() as connection:
            for wid, show in ((1, False), (2, True)):
                connection.execute(
                    text(
                        "INSERT INTO workshops (id, code, facilitator_nonce, title, team, team_key,"
                        " language, date, votes_per_person, commitment_days, show_names, phase,"
                        " version, tallies_revealed, created_at, next_step_note, lessons)"
                        " VALUES (:id, :code, 'n', 't', '', '', 'fr', '2026-11-23', 2, 15, :show,"
                        " 'review', 1, false, '2026-11-23', '', '')"
                    ),
                    {"id": wid, "code": f"CODE{wid}X", "show": show},
                )
                pid = connection.execute(
                    text(
                        "INSERT INTO participants (workshop_id, name, token_nonce, joined_at)"
                        " VALUES (:w, 'Zoé', 'n', '2026-11-23') RETURNING id"
                    ),
                    {"w": wid},
                ).scalar_one()
                iid = connection.execute(
                    text(
                        "INSERT INTO ideas (workshop_id, kind, text, hidden, created_at)"
                        " VALUES (:w, 'colleague', 'Un café', false, '2026-11-23') RETURNING id"
                    ),
                    {"w": wid},
                ).scalar_one()
                values = {"w": wid, "p": pid, "i": iid}
                connection.execute(
                    text("INSERT INTO idea_authors (idea_id, participant_id) VALUES (:i, :p)"),
                    values,
                )
                connection.execute(
                    text(
                        "INSERT INTO votes (workshop_id, participant_id, idea_id, created_at)"
                        " VALUES (:w, :p, :i, '2026-11-23')"
                    ),
                    values,
                )
                connection.execute(
                    text(
                        "INSERT INTO reports (workshop_id, participant_id, idea_id, tried,"
                        " feeling, comment, updated_at)"
                        " VALUES (:w, :p, :i, 'yes', 4, 'Bien', '2026-11-23')"
                    ),
                    values,
                )
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            for table in ("idea_authors", "votes", "reports"):
                rows = connection.execute(
                    text(
                        f"SELECT i.workshop_id, t.anonymous FROM {table} t"
                        " JOIN ideas i ON i.id = t.idea_id ORDER BY i.workshop_id"
                    )
                ).all()
                assert [(w, bool(a)) for w, a in rows] == [(1, True), (2, False)], table
        db.engine.dispose()


def test_upgrading_a_sqlite_instance_keeps_every_row_that_points_at_a_rebuilt_table(tmp_path):
    """SQLite rebuilds a table to alter it (copy, drop, rename). With foreign keys
    enforced, the drop would delete or orphan every row pointing at it: the
    participants of `workshops` (0005), the owners, co-facilitators and managers'
    teams of `users` (0006)."""
    app = _migrated_app(f"sqlite:///{tmp_path / 'lived-in.sqlite3'}")
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0004")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO workshops (id, code, facilitator_nonce, title, team, language,"
                    " date, votes_per_person, commitment_days, show_names, phase, version,"
                    " tallies_revealed, created_at, next_step_note, lessons) VALUES (1, 'CODE1X',"
                    " 'n', 't', 'R&D', 'fr', '2026-11-23', 2, 15, 1, 'review', 1, 0, '2026-11-23',"
                    " '', '')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO participants (id, workshop_id, name, token_nonce, joined_at)"
                    " VALUES (1, 1, 'Zoé', 'n', '2026-11-23')"
                )
            )
        upgrade(directory=directory, revision="0005")
        with db.engine.begin() as connection:
            for uid, role in ((1, "facilitator"), (2, "manager"), (3, "facilitator")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, password_hash, role, active,"
                        " session_nonce, created_at) VALUES (:id, :email, 'N', 'h', :role, 1, 'n',"
                        " '2026-11-23')"
                    ),
                    {"id": uid, "email": f"u{uid}@example.org", "role": role},
                )
            connection.execute(text("UPDATE workshops SET owner_id = 1"))
            connection.execute(
                text("INSERT INTO managed_teams (user_id, team, team_key) VALUES (2, 'R&D', 'r&d')")
            )
            connection.execute(
                text(
                    "INSERT INTO co_facilitators (workshop_id, user_id, added_at)"
                    " VALUES (1, 3, '2026-11-23')"
                )
            )
        upgrade(directory=directory)
        with db.engine.connect() as connection:

            def rows(sql):
                return connection.execute(text(sql)).all()

            assert rows("SELECT id, name FROM participants") == [(1, "Zoé")]
            assert rows("SELECT owner_id FROM workshops") == [(1,)]
            # The manager's free-text team is now a membership of the team row.
            assert rows(
                "SELECT m.user_id, t.name FROM team_members m JOIN teams t ON t.id = m.team_id"
                " ORDER BY m.user_id"
            ) == [(1, "R&D"), (2, "R&D")]
            assert rows("SELECT workshop_id, email FROM invitations") == [(1, "u3@example.org")]
            # The app's connections enforce foreign keys again afterwards.
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_co_facilitators_become_invitations_of_their_accounts_addresses(database_url):
    """Each co-facilitator of 0008 becomes an invitation of their account's
    e-mail, still facilitates, and stays named on the bilan's cover."""
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0008")
        with db.engine.begin() as connection:
            _insert_workshop(connection, 7, "lobby")
            for uid, name in ((1, "Owner"), (2, "Karim")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, password_hash, role, active,"
                        " created_at) VALUES (:id, :email, :name, 'h', 'facilitator', true,"
                        " '2026-11-23')"
                    ),
                    {"id": uid, "email": f"u{uid}@example.org", "name": name},
                )
            connection.execute(text("UPDATE workshops SET owner_id = 1"))
            connection.execute(
                text(
                    "INSERT INTO co_facilitators (workshop_id, user_id, added_at)"
                    " VALUES (7, 2, '2026-11-24 09:30:00')"
                )
            )
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT workshop_id, email, added_at, opened_at FROM invitations")
            ).all()
        assert [(w, e, str(a), str(o)) for w, e, a, o in rows] == [
            (7, "u2@example.org", "2026-11-24 09:30:00", "2026-11-24 09:30:00")
        ]
        from atelier.models import User, Workshop
        from atelier.services import ownership

        workshop = db.session.get(Workshop, 7)
        karim = db.session.get(User, 2)
        assert ownership.facilitates(karim, workshop)
        assert [u.name for u in ownership.co_facilitators(workshop)] == ["Karim"]
        assert [w.id for w in ownership.workshops_run_by(karim)] == [7]
        db.session.remove()
        db.engine.dispose()


def test_workshops_made_before_the_barometer_have_it_on(database_url):
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0010")
        with db.engine.begin() as connection:
            _insert_workshop(connection, 3, "draft")
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            on = connection.execute(text("SELECT barometer FROM workshops")).scalar_one()
        assert bool(on) is True
        db.engine.dispose()


def test_free_text_teams_become_teams_whatever_their_spelling(database_url):
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    spellings = {1: "Agence de Rennes", 2: "agence  de rennes", 3: "Équipe accueil",
                 4: "equipe Accueil", 5: "Agence de Rennes", 6: "", 7: "Rennes"}  # fmt: skip
    with app.app_context():
        upgrade(directory=directory, revision="0011")
        with db.engine.begin() as connection:
            for wid, team in spellings.items():
                _insert_workshop(connection, wid, "closed")
                connection.execute(
                    text("UPDATE workshops SET team = :team WHERE id = :id"),
                    {"team": team, "id": wid},
                )
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            teams = dict(connection.execute(text("SELECT id, name FROM teams")).all())
            of = dict(connection.execute(text("SELECT id, team_id FROM workshops")).all())
            typed = dict(connection.execute(text("SELECT id, team FROM workshops")).all())
        named = {wid: teams.get(team_id) for wid, team_id in of.items()}
        # The most used spelling names the merged team; near misses stay apart.
        rennes, accueil = "Agence de Rennes", "Équipe accueil"
        assert named == {1: rennes, 2: rennes, 3: accueil, 4: accueil, 5: rennes,
                         6: None, 7: "Rennes"}  # fmt: skip
        assert sorted(teams.values()) == ["Agence de Rennes", "Rennes", "Équipe accueil"]
        assert typed == spellings  # what was typed stays as it was
        db.engine.dispose()


def test_managers_teams_and_workshop_owners_become_team_members(database_url):
    """A manager given "equipe  ACCUEIL" sees the "Équipe accueil" workshops, a
    team no workshop named yet is made, and an owner leads their workshop's team."""
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0012")
        with db.engine.begin() as connection:
            for uid, role in ((1, "facilitator"), (2, "manager")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, password_hash, role, active,"
                        " created_at) VALUES (:id, :email, 'N', 'h', :role, true, '2026-11-23')"
                    ),
                    {"id": uid, "email": f"u{uid}@example.org", "role": role},
                )
            team = "INSERT INTO teams VALUES (5, 'Équipe accueil', 'equipe accueil', '2026-11-23')"
            connection.execute(text(team))
            _insert_workshop(connection, 1, "closed")
            connection.execute(text("UPDATE workshops SET owner_id = 1, team_id = 5"))
            for team, key in (("equipe  ACCUEIL", "equipe accueil"), ("Agence Brest", "x")):
                connection.execute(
                    text(
                        "INSERT INTO managed_teams (user_id, team, team_key)"
                        " VALUES (2, :team, :key)"
                    ),
                    {"team": team, "key": key},
                )
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            members = connection.execute(
                text(
                    "SELECT m.user_id, t.name FROM team_members m JOIN teams t"
                    " ON t.id = m.team_id ORDER BY m.user_id, t.name"
                )
            ).all()
        assert [tuple(row) for row in members] == [
            (1, "Équipe accueil"),
            (2, "Agence Brest"),
            (2, "Équipe accueil"),
        ]
        db.engine.dispose()


def test_ideas_written_before_the_library_are_found_by_its_search(database_url):
    """0014 indexes the ideas already there, and keeps the index in step with
    later edits and deletions (SQLite's triggers; PostgreSQL's expression index)."""
    from atelier.services import library

    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0012")  # _insert_workshop's columns
        with db.engine.begin() as connection:
            _insert_workshop(connection, 1, "review")
            for iid, words in ((1, "Un café d'équipe le lundi"), (2, "Thanks cards")):
                connection.execute(
                    text(
                        "INSERT INTO ideas (id, workshop_id, kind, text, hidden, created_at)"
                        " VALUES (:id, 1, 'colleague', :text, false, '2026-11-23')"
                    ),
                    {"id": iid, "text": words},
                )
        upgrade(directory=directory)
        assert library.find_ideas("équipes") == {1}
        assert library.find_ideas("thank") == {2}
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE ideas SET text = 'Des fleurs' WHERE id = 1"))
            connection.execute(text("DELETE FROM ideas WHERE id = 2"))
        db.session.remove()
        assert library.find_ideas("équipe") == set()
        assert library.find_ideas("fleurs") == {1}
        assert library.find_ideas("thank") == set()
        db.session.remove()


def test_reports_and_decisions_so_far_are_the_first_review_rounds(database_url):
    """0015: what was reported and decided is round 1; a second round's report
    on the same commitment is a row of its own, a second one in the same round is not."""
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0010")
        with db.engine.begin() as connection:
            _insert_workshop(connection, 4, "review")
            pid = connection.execute(
                text(
                    "INSERT INTO participants (workshop_id, name, token_nonce, joined_at)"
                    " VALUES (4, 'Zoé', 'n', '2026-11-23') RETURNING id"
                )
            ).scalar_one()
            iid = connection.execute(
                text(
                    "INSERT INTO ideas (workshop_id, kind, text, hidden, created_at)"
                    " VALUES (4, 'colleague', 'Un café', false, '2026-11-23') RETURNING id"
                )
            ).scalar_one()
            values = {"p": pid, "i": iid}
            connection.execute(
                text(
                    "INSERT INTO reports (workshop_id, participant_id, idea_id, tried,"
                    " feeling, comment, updated_at)"
                    " VALUES (4, :p, :i, 'no', 2, '', '2026-11-23')"
                ),
                values,
            )
            connection.execute(
                text(
                    "INSERT INTO decisions (workshop_id, idea_id, choice, note, updated_at)"
                    " VALUES (4, :i, 'extend', '', '2026-11-23')"
                ),
                values,
            )
        upgrade(directory=directory)
        second = (
            "INSERT INTO reports (workshop_id, participant_id, idea_id, round, tried,"
            " feeling, comment, updated_at) VALUES (4, :p, :i, :r, 'yes', 4, '', '2026-12-08')"
        )
        with db.engine.begin() as connection:
            assert connection.execute(
                text("SELECT review_round, calendar_sequence FROM workshops")
            ).one() == (1, 0)
            assert connection.execute(text("SELECT round FROM decisions")).scalar_one() == 1
            connection.execute(text(second), {**values, "r": 2})
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(second), {**values, "r": 2})
        # Going back keeps the first review only.
        downgrade(directory=directory, revision="0013")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT tried FROM reports")).scalars().all() == ["no"]
        db.engine.dispose()


def test_going_back_to_0012_keeps_managers_reading_their_teams_workshops(database_url):
    """A rollback to 0012: managers still have their teams (``managed_teams``)
    and the workshops their ``team_key``, so nobody loses sight of a workshop."""
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0012")
        with db.engine.begin() as connection:
            for uid, role in ((1, "facilitator"), (2, "manager")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, password_hash, role, active,"
                        " created_at) VALUES (:id, :email, 'N', 'h', :role, true, '2026-11-23')"
                    ),
                    {"id": uid, "email": f"u{uid}@example.org", "role": role},
                )
            _insert_workshop(connection, 1, "closed")
            _insert_workshop(connection, 2, "review")
            connection.execute(
                text("UPDATE workshops SET team = 'Équipe  Accueil', team_key = 'équipe accueil'")
            )
            connection.execute(
                text(
                    "INSERT INTO managed_teams (user_id, team, team_key)"
                    " VALUES (2, 'Équipe accueil', 'équipe accueil')"
                )
            )
        upgrade(directory=directory)
        downgrade(directory=directory, revision="0012")
        with db.engine.connect() as connection:
            keys = connection.execute(text("SELECT id, team_key FROM workshops ORDER BY id")).all()
            managed = connection.execute(
                text("SELECT user_id, team_key FROM managed_teams ORDER BY user_id")
            ).all()
        # And up again: the manager is still a member of the team.
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            members = connection.execute(
                text("SELECT user_id FROM team_members ORDER BY user_id")
            ).all()
        db.engine.dispose()
    assert [row[0] for row in members] == [2]
    assert [tuple(row) for row in keys] == [(1, "équipe accueil"), (2, "équipe accueil")]
    assert [tuple(row) for row in managed] == [(2, "équipe accueil")]


def test_workshops_made_before_the_choice_of_who_they_serve_speak_of_customers(database_url):
    """0016: a workshop from before keeps its words (customers); going back drops the choice."""
    app = _migrated_app(database_url)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0010")
        with db.engine.begin() as connection:
            _insert_workshop(connection, 5, "lobby")
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            row = connection.execute(
                text("SELECT serves, serves_singular, serves_plural FROM workshops")
            ).one()
        assert tuple(row) == ("customers", "", "")
        downgrade(directory=directory, revision="0015")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM workshops")).scalar_one() == 1
        db.engine.dispose()
