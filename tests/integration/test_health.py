"""`/healthz` tells a load balancer and a monitor whether the database and the queue answer."""

from sqlalchemy.exc import OperationalError

from atelier.extensions import db


def test_healthz_reports_the_database_and_no_queue_for_a_single_process(app):
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"ok": True, "database": "ok", "queue": "none"}


def test_healthz_answers_503_when_the_database_is_down(app, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with app.app_context():
        monkeypatch.setattr(db.engine, "connect", down)
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json() == {"ok": False, "database": "down", "queue": "none"}


def test_healthz_answers_503_when_the_queue_is_down(app):
    # Nothing listens on port 1: the ping fails at once.
    app.config["MESSAGE_QUEUE"] = "redis://127.0.0.1:1/0"
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.get_json() == {"ok": False, "database": "ok", "queue": "down"}
