"""E-mails about an account: what a sign-up did, told only to the address's owner.

Sign-up gives every visitor the same answer (the address had an account or
not); the difference is told here, in the inbox of the address, and only
when SMTP is configured. Sent in the background so that the answer's
timing does not tell either.
"""

import logging
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale, gettext

from .. import throttle
from ..extensions import socketio
from ..i18n import N_
from ..mailer import mailer_for
from ..models import User

log = logging.getLogger(__name__)

SUBJECTS = {
    True: N_("Your Atelier account is ready"),
    False: N_("Someone tried to create an Atelier account with your address"),
}


def signup_message(user: User, created: bool, login_url: str, language: str) -> EmailMessage:
    with force_locale(language):
        subject = gettext(SUBJECTS[created])
        body = render_template("email/signup.txt", user=user, created=created, login_url=login_url)
    message = EmailMessage()
    message["To"] = user.email
    message["Subject"] = subject
    message.set_content(body)
    # After set_content, which drops every Content-* header set before it.
    message["Content-Language"] = language
    return message


def notify_signup(user: User, created: bool, login_url: str, language: str) -> bool:
    """Send the sign-up notice in the background; False when none is sent.

    An address receives a few a day at most (``RATE_LIMIT_SIGNUP_NOTICES``):
    sign-ups with someone else's address must not flood their inbox.
    """
    app = current_app._get_current_object()
    mailer = mailer_for(app)
    if mailer is None:
        return False
    if not throttle.within("RATE_LIMIT_SIGNUP_NOTICES", "recipient", user.email):
        log.info("sign-up notice to account %s not sent: enough today", user.id)
        return False
    message = signup_message(user, created, login_url, language)

    def send():
        try:
            mailer.send(message)
        except Exception:
            log.exception("sign-up notice to account %s could not be sent", user.id)

    socketio.start_background_task(send)
    return True
