"""Fixtures shared by integration tests: a real SMTP server on loopback."""

import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from ..servers import free_port


class Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
            )
        return "250 OK"


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def mail_app(app, inbox):
    _, port = inbox
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_SECURITY="none",
        SMTP_SENDER="Atelier <atelier@example.org>",
        PUBLIC_URL="https://atelier.example.org",
    )
    return app
