"""Command line: ``atelier serve`` and friends (also under ``flask --app atelier``)."""

import os
import sys

import click


def register_commands(app) -> None:
    app.cli.add_command(serve)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to let phones in.")
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run Atelier (gevent, WebSocket); the database is migrated first."""
    from flask import current_app
    from flask_migrate import upgrade

    from .extensions import socketio

    app = current_app._get_current_object()
    if app.config["AUTO_MIGRATE"]:
        upgrade(directory=app.extensions["migrate"].directory)
    click.echo(f"Atelier is running on http://{host}:{port}/ (Ctrl+C to stop)")
    socketio.run(app, host=host, port=port, log_output=app.debug, allow_unsafe_werkzeug=False)


def main() -> None:
    """The ``atelier`` command."""
    # gevent must patch the standard library before Flask, the database
    # drivers and Redis load, or their sockets block the event loop.
    if os.environ.get("ATELIER_ASYNC_MODE", "gevent") == "gevent":
        from gevent import monkey

        monkey.patch_all()
    from flask.cli import FlaskGroup

    from . import create_app

    group = FlaskGroup(create_app=create_app, help="Atelier: live workshops, followed through.")
    group.main(args=sys.argv[1:], prog_name="atelier")
