"""HTTP transport: one blueprint per face or concern."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, assets, errors, facilitate, home, participate, screen

    for module in (home, participate, screen, facilitate, api, assets, errors):
        app.register_blueprint(module.bp)
