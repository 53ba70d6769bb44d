"""HTTP transport: one blueprint per face or concern."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, assets, errors, facilitate, followup, home, participate, screen

    for module in (home, participate, screen, facilitate, followup, api, assets, errors):
        app.register_blueprint(module.bp)
