"""Anonymity is fixed when something is written (atelier/domain/anonymity.py)."""

from atelier.domain.anonymity import name_shown, rewritten_anonymously, written_anonymously


def test_what_is_written_while_names_are_hidden_is_anonymous():
    assert written_anonymously(show_names=False) is True
    assert written_anonymously(show_names=True) is False


def test_a_name_shows_only_when_names_are_shown_and_it_was_written_with_them():
    assert name_shown(show_names=True, anonymous=False) is True
    assert name_shown(show_names=True, anonymous=True) is False
    assert name_shown(show_names=False, anonymous=False) is False
    assert name_shown(show_names=False, anonymous=True) is False


def test_rewriting_never_lifts_anonymity():
    assert rewritten_anonymously(was_anonymous=True, show_names=True) is True
    assert rewritten_anonymously(was_anonymous=False, show_names=False) is True
    assert rewritten_anonymously(was_anonymous=False, show_names=True) is False
