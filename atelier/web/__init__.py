"""HTTP transport: one blueprint per face or concern."""

from flask import Flask

from ..extensions import csrf


def register_blueprints(app: Flask) -> None:
    from . import (
        account,
        admin,
        api,
        assets,
        auth,
        bilan,
        errors,
        facilitate,
        followup,
        home,
        library,
        participate,
        screen,
        share,
        start_from,
        teams,
    )

    modules = (
        home,
        auth,
        account,
        admin,
        library,
        participate,
        screen,
        facilitate,
        followup,
        start_from,
        bilan,
        teams,
        share,
        api,
        assets,
        errors,
    )
    for module in modules:
        app.register_blueprint(module.bp)
    # The JSON API takes no CSRF token: it reads only application/json bodies
    # (or DELETE), which another site cannot send without a CORS preflight.
    csrf.exempt(api.bp)
    csrf.exempt(auth.api_login)
    csrf.exempt(auth.api_logout)
    csrf.exempt(followup.api_delete)
