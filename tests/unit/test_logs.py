"""Log lines a client can cause: short and rate-limited; our own errors in full."""

import json
import logging

import pytest

from atelier.domain.errors import Refusal
from atelier.domain.texts import clean_text
from atelier.logs import ClientNoise


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def logged():
    """A logger with a ClientNoise filter on a fake clock, and the records it let through."""
    clock, records = Clock(), []
    logger = logging.getLogger("tests.client-noise")
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    logger.propagate = False
    noise = ClientNoise(interval=60, clock=clock)
    logger.addFilter(noise)
    yield logger, clock, records
    logger.removeFilter(noise)
    logger.removeHandler(handler)


def test_a_library_traceback_becomes_one_short_line_a_minute(logged):
    logger, clock, records = logged
    for _ in range(5000):
        try:
            json.loads("[" + "x" * 1000)  # fails inside the json module, quoting the input
        except ValueError:
            logger.exception("message handler error")
    (record,) = records
    assert record.exc_info is None and record.getMessage().startswith(
        "message handler error: JSONDecodeError: Expecting value"
    )
    clock.now += 61
    try:
        json.loads("{")
    except ValueError:
        logger.exception("message handler error")
    assert len(records) == 2
    assert records[1].getMessage().endswith("[4999 more like it since the last such line]")
    assert len(records[1].getMessage()) < 300


def test_a_traceback_through_atelier_code_is_kept_in_full_every_time(logged):
    logger, _, records = logged
    for _ in range(3):
        try:
            clean_text(None)  # raises inside atelier.domain.texts
        except Refusal:
            logger.exception("socket event failed")
    assert len(records) == 3
    assert all(r.exc_info and r.getMessage() == "socket event failed" for r in records)


def test_other_lines_are_rate_limited_by_their_template(logged):
    logger, _, records = logged
    for n in range(100):
        logger.warning("refused a connection from %s", f"10.0.0.{n}")
    logger.warning("another kind of line")
    assert [r.getMessage() for r in records] == [
        "refused a connection from 10.0.0.0",
        "another kind of line",
    ]


def test_lines_that_quote_the_client_cannot_grow_the_memory_of_kinds(logged):
    logger, _, records = logged
    (noise,) = logger.filters
    for n in range(5000):
        logger.error(f"Invalid session {n}")  # a library's message, formatted already
    assert len(noise.last_shown) <= 1000
