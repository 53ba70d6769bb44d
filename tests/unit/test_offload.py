"""Work for the native threads waits in a bounded line."""

import pytest

from atelier import offload


def test_past_the_work_a_pool_may_hold_waiting_a_request_is_refused(monkeypatch):
    monkeypatch.setattr(offload, "_gevent_patched", lambda: True)
    monkeypatch.setitem(offload.MAX_WAITING, "passwords", 2)
    refused = []

    class Pool:
        """Each task, while it waits, sees one more arrive."""

        def apply(self, function, args):
            try:
                offload.run_native("passwords", lambda: "next")
            except offload.Busy:
                refused.append(offload._waiting["passwords"])
            return function(*args)

    monkeypatch.setattr(offload, "_pool", lambda name: Pool())
    assert offload.run_native("passwords", lambda: "first") == "first"
    assert refused == [2]  # the third, while two waited
    assert offload._waiting["passwords"] == 0  # the line empties as work ends


def test_an_error_in_the_thread_is_raised_to_the_caller(monkeypatch):
    monkeypatch.setattr(offload, "_gevent_patched", lambda: True)

    class Pool:
        def apply(self, function, args):
            return function(*args)

    monkeypatch.setattr(offload, "_pool", lambda name: Pool())

    def wrong():
        raise ValueError("wrong password")

    with pytest.raises(ValueError, match="wrong password"):
        offload.run_native("passwords", wrong)
    assert offload._waiting["passwords"] == 0
