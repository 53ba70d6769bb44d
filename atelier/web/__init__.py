"""HTTP transport: one blueprint per face or concern."""

from flask import Flask


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
        participate,
        screen,
    )

    modules = (
        home,
        auth,
        account,
        admin,
        participate,
        screen,
        facilitate,
        followup,
        bilan,
        api,
        assets,
        errors,
    )
    for module in modules:
        app.register_blueprint(module.bp)
