"""The projected screen and its QR code."""

import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, g, render_template

from .pages import join_url, load_workshop, loopback_host, may_facilitate, page_config

bp = Blueprint("screen", __name__)


@bp.get("/w/<code>/screen")
def view(code: str):
    workshop = load_workshop(code)
    # The screen speaks the room's language, whatever the laptop's settings.
    g.locale = workshop.language
    can_facilitate = may_facilitate(workshop)
    config = page_config(workshop, "screen", can_facilitate=can_facilitate)
    return render_template(
        "screen.html",
        workshop=workshop,
        config=config,
        join_url=join_url(workshop),
        loopback=loopback_host(),
    )


def qr_svg(url: str) -> bytes:
    """A link as a QR code (SVG), drawn on the server."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


@bp.get("/w/<code>/qr.svg")
def qr(code: str):
    workshop = load_workshop(code)
    response = Response(qr_svg(join_url(workshop)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
