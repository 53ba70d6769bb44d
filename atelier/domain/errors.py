"""Refusals: the one way a rule says no."""


class Refusal(Exception):
    """A request the rules do not allow.

    ``code`` is stable and documented in docs/; ``params`` fill the
    translated message (for instance the vote limit).
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"Refusal({self.code!r}, {self.params!r})"


# Every code a client can receive. Kept here so that the translated
# messages, the docs and the tests can check they cover each one.
CODES = frozenset(
    {
        "invalid_request",
        "barometer_off",
        "barometer_closed",
        "barometer_locked",
        "no_ideas_chosen",
        "team_not_allowed",
        "unauthenticated",
        "not_facilitator",
        "not_participant",
        "workshop_not_found",
        "join_closed",
        "client_id_reused",
        "workshop_flooded",
        "name_empty",
        "name_too_long",
        "name_invalid",
        "text_empty",
        "text_too_long",
        "text_invalid",
        "wrong_phase",
        "phase_invalid",
        "parent_not_found",
        "idea_not_found",
        "ideas_locked",
        "merge_invalid",
        "vote_closed",
        "too_many_choices",
        "duplicate_choice",
        "choice_invalid",
        "setting_invalid",
        "settings_locked",
        "serves_invalid",
        "serves_locked",
        "timer_invalid",
        "report_invalid",
        "report_closed",
        "not_committed",
        "decision_invalid",
        "email_invalid",
        "date_invalid",
        "round_date_invalid",
        "workshop_closed",
        "csrf_failed",
        "login_required",
        "login_failed",
        "not_admin",
        "not_owner",
        "email_taken",
        "password_too_short",
        "password_too_long",
        "role_invalid",
        "team_invalid",
        "team_exists",
        "team_not_found",
        "not_team_leader",
        "signup_closed",
        "account_not_found",
        "last_admin",
        "already_owned",
        "rate_limited",
        "claim_closed",
        "name_not_listed",
        "claim_crowded",
        "claim_not_found",
        "claim_expired",
        "claim_answered",
        "not_team_member",
        "share_not_found",
        "share_expired",
        "share_revoked",
        "share_expiry_invalid",
        "server_error",
        "unavailable",
    }
)
