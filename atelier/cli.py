"""Command line: ``atelier serve`` and friends (also under ``flask --app atelier``)."""

import gc
import os
import sys

import click
from flask.cli import with_appcontext


def register_commands(app) -> None:
    app.cli.add_command(serve)
    app.cli.add_command(demo)
    app.cli.add_command(send_reminders)
    app.cli.add_command(create_user)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 to let phones in.")
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run Atelier (gevent, WebSocket); the database is migrated first."""
    from flask import current_app
    from flask_migrate import upgrade

    from .extensions import socketio

    app = current_app._get_current_object()
    if app.config["AUTO_MIGRATE"]:
        upgrade(directory=app.extensions["migrate"].directory)
    # The static files read and compressed now, not on a phone's first request.
    from .web.assets import catalogue

    catalogue()
    interval = int(app.config["REMINDER_INTERVAL"] or 0)
    if interval > 0 and app.config["SMTP_HOST"]:
        socketio.start_background_task(_reminder_loop, app, interval)
    beat = float(app.config["VERSION_HEARTBEAT"] or 0)
    if beat > 0:
        from .realtime import heartbeat

        socketio.start_background_task(heartbeat.run, app, beat)
    # Everything loaded so far lives as long as the process: keep it out of
    # the collector's full scans, and scan less often (docs/performance.md).
    gc.collect()
    gc.freeze()
    gc.set_threshold(5000, 20, 20)
    click.echo(f"Atelier is running on http://{host}:{port}/ (Ctrl+C to stop)")
    if socketio.async_mode == "gevent" and not app.debug:
        from .server import serve as serve_guarded

        serve_guarded(app, host, port)
    else:
        socketio.run(app, host=host, port=port, log_output=app.debug, allow_unsafe_werkzeug=False)


def _reminder_loop(app, interval: int) -> None:
    """The optional in-process scheduler; safe beside cron (claims are in the database)."""
    from .extensions import socketio
    from .mailer import mailer_for
    from .services.reminders import send_due_reminders

    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                send_due_reminders(mailer_for(app))
            except Exception:
                app.logger.exception("reminder run failed")


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Send the reminder e-mails that are due (safe to run from cron every few minutes)."""
    from flask import current_app

    from .mailer import mailer_for
    from .services.reminders import send_due_reminders

    app = current_app._get_current_object()
    mailer = mailer_for(app)
    if mailer is None:
        raise click.ClickException("reminders are off: set ATELIER_SMTP_HOST (see README)")
    if not app.config["PUBLIC_URL"]:
        raise click.ClickException("set ATELIER_PUBLIC_URL: e-mails carry links to the app")
    sent = send_due_reminders(mailer)
    click.echo(f"{len(sent)} reminder(s) sent.")


@click.command("demo")
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option(
    "--phase",
    type=click.Choice(
        ["lobby", "client_ideas", "transposition", "vote", "results", "review", "closed"]
    ),
    default="results",
    show_default=True,
    help="The step the sample workshop is left at.",
)
@click.option(
    "--base-url",
    default=None,
    help="Where the printed links point. Default: ATELIER_PUBLIC_URL, else this machine.",
)
@click.option("--port", default=5000, show_default=True, type=int, help="The port `serve` uses.")
@click.option(
    "--size",
    type=click.Choice(["demo", "large"]),
    default="demo",
    show_default=True,
    help="large: 40 people, 120 client ideas and 90 colleague ideas of up to 280 characters.",
)
@click.option(
    "--organisation/--no-organisation",
    default=True,
    show_default=True,
    help="Also two teams, three workshops between them and two accounts to sign in with.",
)
@click.option(
    "--serves",
    default="customers",
    show_default=True,
    help="Who the team serves: customers, service_users, patients, students_families,"
    " beneficiaries, users, members, or that word in French or English (usagers, patients…)."
    " Other than customers, the sample is a town hall's front desk.",
)
@with_appcontext
def demo(
    language: str,
    phase: str,
    base_url: str | None,
    port: int,
    size: str,
    organisation: bool,
    serves: str,
) -> None:
    """Create the sample workshop (12 people, 18 client ideas) to look around,
    and an organisation whose team pages, dashboard and library have content."""
    from flask import current_app
    from flask_migrate import upgrade

    from .demo import play
    from .domain.phases import Phase
    from .served_texts import preset_named

    app = current_app._get_current_object()
    preset = preset_named(serves)
    if preset is None:
        raise click.BadParameter(f"{serves!r} is not one of the list", param_hint="--serves")
    if size == "large" and preset != "customers":
        raise click.BadParameter("the large sample speaks of customers", param_hint="--serves")
    if app.config["AUTO_MIGRATE"]:
        upgrade(directory=app.extensions["migrate"].directory)
    workshop, key = play(language, Phase(phase), size=size, serves=preset)
    base = (base_url or app.config["PUBLIC_URL"] or f"http://127.0.0.1:{port}").rstrip("/")
    click.echo(f"Workshop {workshop.code} at step {phase}, serving {preset}.")
    click.echo(f"  facilitator: {base}/w/{workshop.code}/f/{key}")
    click.echo(f"  screen:      {base}/w/{workshop.code}/screen")
    click.echo(f"  join:        {base}/j/{workshop.code}")
    if organisation:
        _print_organisation(base, language, preset)


def _print_organisation(base: str, language: str, serves: str) -> None:
    from .demo.organisation import organisation

    made = organisation(language, serves=serves)
    first, second, third = made["workshops"]
    click.echo("")
    click.echo("An organisation: two teams, three workshops between them.")
    click.echo(f"  {first.code}: {first.team}, a longer experiment reviewed twice, closed")
    click.echo(f"  {second.code}: {second.team}, started from the ideas {first.code} kept, closed")
    click.echo(f"    shared for an external review: {base}/s/{made['share_token']}")
    click.echo(f"  {third.code}: {third.team}, at its review")
    click.echo(f"Sign in at {base}/login (password for both: {made['password']})")
    click.echo(f"  {made['facilitator'].email} leads both teams")
    click.echo(f"  {made['manager'].email} manages both teams")
    for team in made["teams"]:
        click.echo(f"  team page:   {base}/teams/{team.id}  ({team.name})")
    click.echo(f"  dashboard:   {base}/dashboard")
    click.echo(f"  library:     {base}/library")


@click.command("create-user")
@click.option("--email", prompt=True, help="The address the account signs in with.")
@click.option("--name", prompt=True, help="Shown on the bilans of the workshops it runs.")
@click.option(
    "--role",
    type=click.Choice(["admin", "facilitator", "manager"]),
    default="facilitator",
    show_default=True,
)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given (safer: it stays out of the shell history).",
)
@with_appcontext
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account; the first admin comes from here."""
    from flask import current_app
    from flask_migrate import upgrade

    from .domain.errors import Refusal
    from .i18n import error_payload
    from .services.accounts import create_user as create

    app = current_app._get_current_object()
    if app.config["AUTO_MIGRATE"]:
        upgrade(directory=app.extensions["migrate"].directory)
    try:
        user = create(email, name, password, role)
    except Refusal as refusal:
        raise click.ClickException(error_payload(refusal)["message"]) from None
    click.echo(f"Account {user.email} created ({user.role}).")


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
