"""Languages: French by default, English; and the message of every refusal."""

from flask import Flask, g, request
from flask_babel import format_date, get_locale, gettext, ngettext

from .domain.errors import Refusal
from .domain.settings import LANGUAGES
from .web.assets import STATIC_ENDPOINTS, cookie_secure

LANG_COOKIE = "atelier_lang"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when shown."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form, counted by the refusal's limit."""
    return singular, plural


MESSAGES = {
    "invalid_request": N_("This request could not be understood. Reload the page and try again."),
    "unauthenticated": N_("This page no longer knows who you are. Open your personal link again."),
    "not_facilitator": N_("Only the facilitator can do that."),
    "not_participant": N_("Join the workshop first."),
    "workshop_not_found": N_("No workshop has this code. Check the code on the screen."),
    "join_closed": N_("This workshop is not open to join right now."),
    "client_id_reused": N_(
        "This join request was already used by someone else. Reload the page and join again."
    ),
    "name_empty": N_("Type your first name."),
    "name_too_long": N_("A first name has %(limit)s characters at most."),
    "name_invalid": N_("A first name fits on one line."),
    "text_empty": N_("Type something first."),
    "text_too_long": N_("Text too long: %(limit)s characters at most."),
    "text_invalid": N_("This text contains characters that cannot be stored."),
    "wrong_phase": N_("This step does not take this kind of contribution."),
    "phase_invalid": N_("The workshop cannot move to that step from here."),
    "parent_not_found": N_("That idea is no longer available. Pick another one."),
    "idea_not_found": N_("This idea no longer exists."),
    "ideas_locked": N_("Ideas can no longer be changed at this step."),
    "merge_invalid": N_("Only two different ideas of the same kind can be merged."),
    "vote_closed": N_("The vote is closed."),
    "too_many_choices": Np_("One choice maximum.", "%(num)s choices maximum."),
    "duplicate_choice": N_("You already chose this idea."),
    "choice_invalid": N_("This idea cannot be chosen."),
    "setting_invalid": N_("This setting is not valid."),
    "settings_locked": N_("This setting can no longer change: the vote has started."),
    "serves_invalid": N_(
        "Choose who the team serves from the list, or type the word once and its plural"
        " (one line each, %(limit)s characters at most)."
    ),
    "serves_locked": N_("Who the team serves can change only until the first ideas are written."),
    "timer_invalid": N_("A timer lasts from 10 seconds to 3 hours."),
    "report_invalid": N_("Say whether you tried it and how it felt (1 to 5)."),
    "report_closed": N_("Reports open at the results and close with the review."),
    "not_committed": N_("You did not commit to this idea."),
    "decision_invalid": N_("Choose a decision; for “other”, add a note."),
    "email_invalid": N_("This e-mail address does not look right."),
    "date_invalid": N_("Choose a date after the workshop, within a year."),
    "round_date_invalid": N_(
        "Choose a date after the previous review, not in the past, within a year of the workshop."
    ),
    "workshop_closed": N_("This workshop is closed: it can be read, not changed."),
    "csrf_failed": N_("This form has expired. Go back, reload the page and send it again."),
    "login_required": N_("Sign in to continue."),
    "login_failed": N_("E-mail address or password incorrect."),
    "not_admin": N_("Only an administrator can do that."),
    "not_owner": N_("Only the workshop's owner can do that."),
    "email_taken": N_("An account already uses this e-mail address."),
    "password_too_short": N_("A password has at least %(limit)s characters."),
    "password_too_long": N_("A password has %(limit)s characters at most."),
    "role_invalid": N_("Choose a role: administrator, facilitator or manager."),
    "team_invalid": N_("A team's name is one line of %(limit)s characters at most."),
    "team_exists": N_(
        "A team of this name exists already. Choose it from the list, or ask an administrator"
        " to add you to it."
    ),
    "team_not_found": N_("This team no longer exists. Reload the page."),
    "not_team_leader": N_("Only a facilitator of this team can do that."),
    "signup_closed": N_("Sign-up is closed here. Ask an administrator for an account."),
    "account_not_found": N_(
        "No account has this e-mail address. Ask your colleague to create one first."
    ),
    "last_admin": N_("At least one active administrator must remain."),
    "already_owned": N_("This workshop already belongs to another account."),
    "workshop_flooded": N_(
        "New ideas and joins are paused: this workshop received more than a room can write."
        " The facilitator can resume them."
    ),
    "rate_limited": N_("Too many attempts in a short time. Wait a moment, then try again."),
    "server_error": N_("Something went wrong on our side. Your work is safe; try again."),
    "unavailable": N_("The server is briefly unavailable: try again in a few seconds."),
    "claim_closed": N_("Finding your name again opens at the review."),
    "name_not_listed": N_(
        "This first name is no longer on the list. Pick yours again, or ask the facilitator."
    ),
    "claim_crowded": N_(
        "Other phones already ask to be this person. Tell the facilitator who you are."
    ),
    "claim_not_found": N_("This request is no longer waiting. Pick your first name again."),
    "claim_expired": N_("This request waited too long and expired. The phone can ask again."),
    "claim_answered": N_("This request was already answered."),
    "not_team_member": N_("A team's page is for its managers and facilitators only."),
    "share_not_found": N_("This link does not open anything. Ask whoever sent it for a new one."),
    "share_expired": N_(
        "This review link has expired. Ask the workshop's facilitator for a new one."
    ),
    "share_revoked": N_(
        "This review link was withdrawn by the workshop's facilitator. Ask them for a new one."
    ),
    "share_expiry_invalid": N_("Choose an expiry date from tomorrow to %(limit)s days from today."),
    "barometer_off": N_("The barometer is switched off for this workshop."),
    "barometer_closed": N_("The barometer is not open for answers now."),
    "barometer_locked": N_(
        "The barometer can be switched on or off only before the workshop opens."
    ),
    "no_ideas_chosen": N_("Tick at least one idea to offer at the new workshop's vote."),
    "team_not_allowed": N_("Choose this workshop's team or a team you lead."),
}


def error_payload(refusal: Refusal) -> dict:
    """The stable code and its message in the current language."""
    template = MESSAGES.get(refusal.code, MESSAGES["server_error"])
    if isinstance(template, tuple):  # singular, plural: counted by the limit
        message = ngettext(*template, num=refusal.params.get("limit", 2))
    else:
        message = gettext(template, **refusal.params)
    return {"code": refusal.code, "message": message}


def select_locale() -> str:
    """A page or socket may fix the language; else the user's choice; else French."""
    forced = g.get("locale")
    if forced in LANGUAGES:
        return forced
    if request:
        chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
        if chosen in LANGUAGES:
            return chosen
        if g.get("workshop_language") in LANGUAGES:
            return g.workshop_language
        return request.accept_languages.best_match(LANGUAGES) or "fr"
    return "fr"


def init_app(app: Flask) -> None:
    """Expose the page language to templates; remember a language switch."""

    app.jinja_env.filters["format_date"] = lambda day: format_date(day, format="medium")
    # The barometer's words for the pages' scripts (imported here: they mark
    # their messages with this module's N_).
    from .barometer_texts import translated

    app.jinja_env.globals["barometer_words"] = translated
    from .origin_texts import origin_line

    app.jinja_env.globals["origin_line"] = origin_line
    from . import served_texts

    # Who the workshop serves: served(workshop) fills a sentence now; the
    # pages' string bundle keeps served_keep's placeholders for dom.js.
    app.jinja_env.globals["served"] = served_texts.workshop_placeholders
    app.jinja_env.globals["served_keep"] = served_texts.KEEP
    app.jinja_env.globals["served_choices"] = served_texts.choices
    app.jinja_env.filters["upfirst"] = served_texts.upfirst

    @app.context_processor
    def current_locale():
        return {"current_locale": str(get_locale())}

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if request.endpoint in STATIC_ENDPOINTS:  # the same file for everyone
            return response
        if chosen in LANGUAGES and request.cookies.get(LANG_COOKIE) != chosen:
            response.set_cookie(
                LANG_COOKIE,
                chosen,
                max_age=60 * 60 * 24 * 365,
                samesite="Lax",
                httponly=True,
                secure=cookie_secure(app),
            )
        return response
