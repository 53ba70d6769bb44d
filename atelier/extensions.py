"""Extensions, created unbound and attached in the application factory."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints, so that later migrations can alter them on SQLite too.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# Objects stay readable after commit: broadcasts are built from them without
# going back to the database (and without holding a read transaction open).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
socketio = SocketIO()
babel = Babel()
login_manager = LoginManager()
# Limits are set per route or checked by atelier/throttle.py; none by default.
limiter = Limiter(key_func=get_remote_address)
# Form posts need the session's token (atelier/security.py); the JSON API
# under /api/ is exempt: another site cannot send it JSON (no CORS is granted).
csrf = CSRFProtect()
# Pages and JSON compressed on the way out (brotli, gzip); static files are
# compressed once, when their catalogue is built (atelier/asset_catalogue.py).
compress = Compress()
