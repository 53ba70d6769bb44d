"""The barometer's words, in English, translated where they are shown.

One place for the names of the ten dimensions (PRODUCT.md §8, in its
order) and the one-line statement each card asks to rate, so that the
phone, the screen, the facilitator's page and the PDF say the same thing.
The wording is ours; the method's trademarked name is never used.
"""

from .i18n import N_

# What a chart or a sentence calls each dimension.
DIMENSION_NAMES = {
    "trust": N_("Trust and promises kept"),
    "meaning": N_("Meaning and values"),
    "example": N_("Setting the example"),
    "digital": N_("People and digital tools"),
    "initiative": N_("Initiative and the right to err"),
    "ease": N_("Making things easy"),
    "support": N_("Support and feelings"),
    "listening": N_("Listening"),
    "recognition": N_("Consideration and recognition"),
    "cooperation": N_("Cooperation"),
}

# What a card asks to rate, "with our customers" and "between colleagues".
DIMENSION_STATEMENTS = {
    "trust": N_("We keep our promises and act in the other's interest."),
    "meaning": N_("We share values that give our work a purpose."),
    "example": N_("Everyone, managers first, lives by the standards we set."),
    "digital": N_("Our digital tools serve the relationship instead of replacing it."),
    "initiative": N_("We can say yes, take initiatives and make mistakes."),
    "ease": N_("We make things easy for the other and adapt to them."),
    "support": N_("We back each other up and take feelings into account."),
    "listening": N_("We treat every voice as a way to improve."),
    "recognition": N_("We pay attention and say thank you, every day."),
    "cooperation": N_("We work across silos to find the best answer together."),
}

SIDE_NAMES = {
    # %(people)s: who the team serves (atelier/served_texts.py).
    "customers": N_("With our %(people)s"),
    "colleagues": N_("Between colleagues"),
}

# The anonymity rule, said where a figure is held back.
TOO_FEW = N_("Not enough answers to show without revealing anyone.")


def translated() -> dict:
    """Every word above in the current language, for the pages' scripts
    (templates/_ui.html puts it in the page as JSON)."""
    from flask_babel import gettext

    from .served_texts import KEEP

    return {
        "dimensions": [
            {
                "id": dimension,
                "name": gettext(DIMENSION_NAMES[dimension]),
                "statement": gettext(DIMENSION_STATEMENTS[dimension]),
            }
            for dimension in DIMENSION_NAMES
        ],
        # The placeholders stay: static/js/barometer_words.js fills them.
        "sides": {side: gettext(name, **KEEP) for side, name in SIDE_NAMES.items()},
        "too_few": gettext(TOO_FEW),
    }
