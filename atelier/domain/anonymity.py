"""Names next to what people wrote: whether one shows is fixed when it is written.

A workshop may hide names. Whatever is written while they are hidden (an
idea, a commitment, a report) stays anonymous for good: showing names later
shows only what was written while they were shown, and hiding them hides
every name.
"""


def written_anonymously(show_names: bool) -> bool:
    """What is written now: anonymous when the workshop hides names now."""
    return not show_names


def rewritten_anonymously(was_anonymous: bool, show_names: bool) -> bool:
    """Something changed by its author (a report): once anonymous, always anonymous,
    since the new text may keep words written under the promise of anonymity."""
    return was_anonymous or not show_names


def name_shown(show_names: bool, anonymous: bool) -> bool:
    """Whether a name appears next to one contribution, for everyone alike."""
    return show_names and not anonymous
