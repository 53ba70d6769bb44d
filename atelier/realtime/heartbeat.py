"""The room's version, told every few seconds to the pages connected here.

A change is sent once, after its commit (broadcast.py). If that send is lost
(the message queue restarting, a worker killed between commit and send), a
page notices only at the next version it receives; in a room gone quiet, it
would never. So each worker, every ``VERSION_HEARTBEAT`` seconds, reads the
versions of the workshops whose pages it holds (one query) and sends each of
its rooms ``version {"v": …}`` directly, not through the queue: a page that
holds an older version asks for a snapshot (``sync``). A lost change then
reaches every page within one beat, Redis or not.
"""

import logging
import re

from sqlalchemy import select

from ..extensions import db, socketio
from ..models import Workshop

log = logging.getLogger(__name__)

_ROOM = re.compile(r"w(\d+)(?::f)?")


def local_rooms() -> dict[str, int]:
    """This process's workshop rooms that hold at least one page: room → workshop id."""
    rooms = socketio.server.manager.rooms.get("/", {})
    found = {}
    for room, members in list(rooms.items()):
        matched = _ROOM.fullmatch(room) if isinstance(room, str) else None
        if matched and members:
            found[room] = int(matched.group(1))
    return found


def beat() -> int:
    """Tell every local room its workshop's version; returns how many rooms were told."""
    rooms = local_rooms()
    if not rooms:
        return 0
    try:
        versions = dict(
            db.session.execute(
                select(Workshop.id, Workshop.version).where(Workshop.id.in_(set(rooms.values())))
            ).all()
        )
    finally:
        db.session.remove()
    told = 0
    for room, workshop_id in rooms.items():
        if workshop_id in versions:
            socketio.emit("version", {"v": versions[workshop_id]}, to=room, ignore_queue=True)
            told += 1
    return told


def run(app, interval: float) -> None:
    """``beat`` forever, every ``interval`` seconds (a background task of ``atelier serve``)."""
    failing = False
    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                beat()
                if failing:
                    log.warning("version heartbeat: the database answers again")
                failing = False
            except Exception as error:
                # The database is away: say it once, not every beat.
                if not failing:
                    log.warning("version heartbeat skipped: %s", error.__class__.__name__)
                failing = True
